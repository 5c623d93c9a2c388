using LiveViews.Bench;
using LiveViews.BlazorTwin;
using LiveViews.BlazorTwin.Components;
using Microsoft.AspNetCore.Components.Server.Circuits;

// Blazor Server twin of the bench (bench/README.md), on 127.0.0.1 only:
//   /blazor/counter, /blazor/todos?rows=N   interactive server render mode (a circuit per page over SignalR/blazorpack)
//   /bench/stats[?gc=1]                     the same figures as the bench server's, plus open circuits
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ApplicationName = typeof(App).Assembly.GetName().Name,
    ContentRootPath = AppContext.BaseDirectory,
});
var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5190";
if (!urls.Split(';').All(u => u.Contains("127.0.0.1") || u.Contains("localhost")))
    throw new InvalidOperationException("The Blazor twin listens on loopback only.");
builder.WebHost.UseUrls(urls);
// Serve blazor.web.js from the build output's static-web-assets manifest in any environment (no publish step needed).
builder.WebHost.UseStaticWebAssets();
builder.Logging.SetMinimumLevel(LogLevel.Warning);

var circuits = new CircuitCounter();
builder.Services.AddSingleton<CircuitHandler>(circuits);
builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents(o =>
    {
        // A closed page's circuit goes at once (the framework's views go on disconnect too); Blazor's default keeps up to
        // 100 disconnected circuits for 3 minutes, which would leak one run's pages into the next run's memory baseline.
        o.DisconnectedCircuitMaxRetained = 0;
        o.DetailedErrors = false;
    });

var app = builder.Build();
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.MapGet("/bench/stats", (string? gc) =>
{
    var stats = BenchStats.Snapshot(BenchStats.WantsFullGc(gc));
    stats["circuits"] = circuits.Open;
    return Results.Json(stats);
});

app.Run();
