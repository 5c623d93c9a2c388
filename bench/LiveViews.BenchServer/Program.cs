using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using LiveViews.Bench;
using LiveViews.BenchServer.Live;
using LiveViews.BenchServer.Twins;

// The benchmark host (bench/README.md): on 127.0.0.1 only, side by side
//   /live/counter, /live/todos?rows=N    this framework (SignalR + server-side diff)
//   /live/counter-persisted              the counter with its count [PersistentState] (in Redis with LV_REDIS)
//   /htmx/counter, /htmx/todos?rows=N    htmx twin: HTTP POST per event, HTML fragment swapped in
//   /morph/counter, /morph/todos?rows=N  HTTP+morph twin (Livewire/Hydro architecture): POST returns the whole component, idiomorph morphs it
//   /floor/counter, /floor/todos?rows=N  floor: a bare WebSocket, one small frame each way per event
//   /bench/stats                         managed memory, working set, CPU time, allocated bytes (?gc=1 forces a full GC first)
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ApplicationName = typeof(CounterView).Assembly.GetName().Name,
    ContentRootPath = AppContext.BaseDirectory,
});
var urls = builder.Configuration["urls"] ?? "http://127.0.0.1:5180";
if (!urls.Split(';').All(u => u.Contains("127.0.0.1") || u.Contains("localhost")))
    throw new InvalidOperationException("The bench server listens on loopback only.");
builder.WebHost.UseUrls(urls);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var live = builder.Services.AddLiveView(o =>
{
    // Defaults (100 events/s, burst 200 per connection) unless the harness asks otherwise.
    if (int.TryParse(builder.Configuration["LV_EVENTS_PER_SEC"], out var rate)) o.EventsPerSecondPerConnection = rate;
    if (int.TryParse(builder.Configuration["LV_EVENT_BURST"], out var burst)) o.EventBurstPerConnection = burst;
    o.MaxViewsPerConnection = 64;
    // A view is disposed when its connection closes, as the Blazor twin's circuits are (DisconnectedCircuitMaxRetained
    // = 0): views kept for a reconnect would be released in the middle of the next memory measurement. LoadGen's
    // `retained` mode measures retention: LV_RECONNECT_RETENTION_SECONDS=120 gives the framework's default back.
    o.ReconnectRetention = TimeSpan.FromSeconds(int.TryParse(builder.Configuration["LV_RECONNECT_RETENTION_SECONDS"], out var kept) ? kept : 0);
    o.NodeName = builder.Configuration["LV_NODE_NAME"];
});
// As a node of a cluster (scripts/cluster.sh with LV_CLUSTER_APP=bench): the Redis backplane and its shared keys.
if (builder.Configuration["LV_REDIS"] is { Length: > 0 } redis) live.AddRedisBackplane(redis);

var app = builder.Build();
app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });

app.MapLiveView<CounterView>("/live/counter");
app.MapLiveView<PersistedCounterView>("/live/counter-persisted");
app.MapLiveView<TodoView>("/live/todos");

var vendor = VendorFiles.Locate();
app.MapGet("/vendor/{name}", (string name) => vendor.TryGetValue(name, out var path)
    ? Results.File(path, "text/javascript; charset=utf-8") : Results.NotFound());
var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot");
app.MapGet("/twin/{name}", (string name) => name is "morph.js" or "floor.js"
    ? Results.File(Path.Combine(assets, name), "text/javascript; charset=utf-8") : Results.NotFound());

var states = new TwinStates();
const string Html = "text/html; charset=utf-8";

// The settle delay is set to 0 (default 20 ms, for CSS transitions): the bench measures when the server's HTML is in the DOM.
const string HtmxScripts = "<meta name=\"htmx-config\" content='{\"defaultSettleDelay\":0}'><script src=\"/vendor/htmx.min.js\"></script>";
// ---- htmx twin ---------------------------------------------------------------------------------------------------------
app.MapGet("/htmx/counter", () =>
{
    var (sid, _) = states.New(0);
    return Results.Content(TwinMarkup.Page("CounterView", "htmx-root", TwinMarkup.Counter(Flavor.Htmx, sid, 0),
        HtmxScripts), Html);
});
app.MapPost("/htmx/counter/{sid}/{action}", (string sid, string action) =>
    states.Counter(sid, action) is { } count ? Results.Content(TwinMarkup.CountSpan(count), Html) : Results.NotFound());
app.MapGet("/htmx/todos", (string? rows) =>
{
    var (sid, state) = states.New(TodoItem.RowsFrom(rows));
    lock (state) return Results.Content(TwinMarkup.Page("TodoView", "htmx-root", TwinMarkup.Todos(Flavor.Htmx, sid, state.Items),
        HtmxScripts), Html);
});
app.MapPost("/htmx/todos/{sid}/toggle/{id:int}", (string sid, int id) =>
{
    if (!states.TryGet(sid, out var s)) return Results.NotFound();
    lock (s) return s.Toggle(id) is { } item ? Results.Content(TwinMarkup.Row(new StringBuilder(256), Flavor.Htmx, sid, item).ToString(), Html) : Results.NotFound();
});
app.MapPost("/htmx/todos/{sid}/toggle-all", (string sid) =>
{
    if (!states.TryGet(sid, out var s)) return Results.NotFound();
    lock (s)
    {
        foreach (var t in s.Items) t.Done = !t.Done;
        return Results.Content(TwinMarkup.Rows(Flavor.Htmx, sid, s.Items), Html);
    }
});
app.MapPost("/htmx/todos/{sid}/delete/{id:int}", (string sid, int id) =>
{
    if (!states.TryGet(sid, out var s)) return Results.NotFound();
    lock (s) s.Items.RemoveAll(t => t.Id == id);
    return Results.Content("", Html);
});
app.MapPost("/htmx/todos/{sid}/add", async (string sid, HttpRequest request) =>
{
    if (!states.TryGet(sid, out var s)) return Results.NotFound();
    var form = await request.ReadFormAsync();
    lock (s) return s.Add(form["title"].ToString()) is { } item ? Results.Content(TwinMarkup.Row(new StringBuilder(256), Flavor.Htmx, sid, item).ToString(), Html) : Results.Content("", Html);
});

// ---- HTTP + morph twin (Livewire / Hydro architecture) -----------------------------------------------------------------
const string MorphScripts = "<script src=\"/vendor/idiomorph.min.js\"></script><script src=\"/twin/morph.js\"></script>";
app.MapGet("/morph/counter", () =>
{
    var (sid, _) = states.New(0);
    return Results.Content(TwinMarkup.Page("CounterView", "morph-root", TwinMarkup.Counter(Flavor.Morph, sid, 0), MorphScripts)
        .Replace("data-twin-root", $"data-twin-root data-endpoint=\"/morph/counter/{sid}\""), Html);
});
app.MapPost("/morph/counter/{sid}/{handler}", (string sid, string handler) =>
    states.Counter(sid, handler.ToLowerInvariant()) is { } count ? Results.Content(TwinMarkup.Counter(Flavor.Morph, sid, count), Html) : Results.NotFound());
app.MapGet("/morph/todos", (string? rows) =>
{
    var (sid, state) = states.New(TodoItem.RowsFrom(rows));
    lock (state) return Results.Content(TwinMarkup.Page("TodoView", "morph-root", TwinMarkup.Todos(Flavor.Morph, sid, state.Items), MorphScripts)
        .Replace("data-twin-root", $"data-twin-root data-endpoint=\"/morph/todos/{sid}\""), Html);
});
app.MapPost("/morph/todos/{sid}/{handler}", async (string sid, string handler, HttpRequest request) =>
{
    if (!states.TryGet(sid, out var s)) return Results.NotFound();
    var args = await request.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>() ?? [];
    int Id() => args.TryGetValue("id", out var v) && int.TryParse(v.ToString(), out var id) ? id : -1;
    lock (s)
    {
        switch (handler)
        {
            case "Toggle": s.Toggle(Id()); break;
            case "Delete": s.Items.RemoveAll(t => t.Id == Id()); break;
            case "Add": s.Add(args.TryGetValue("title", out var title) ? title.ToString() : ""); break;
            case "ToggleAll": foreach (var t in s.Items) t.Done = !t.Done; break;
            default: return Results.BadRequest();
        }
        return Results.Content(TwinMarkup.Todos(Flavor.Morph, sid, s.Items), Html);
    }
});

// ---- floor: a bare WebSocket ---------------------------------------------------------------------------------------------
const string FloorScripts = "<script src=\"/twin/floor.js\"></script>";
app.MapGet("/floor/counter", () =>
{
    var (sid, _) = states.New(0);
    return Results.Content(TwinMarkup.Page("CounterView", "floor-root", TwinMarkup.Counter(Flavor.Floor, sid, 0), FloorScripts)
        .Replace("data-twin-root", $"data-twin-root data-sid=\"{sid}\""), Html);
});
app.MapGet("/floor/todos", (string? rows) =>
{
    var (sid, state) = states.New(TodoItem.RowsFrom(rows));
    lock (state) return Results.Content(TwinMarkup.Page("TodoView", "floor-root", TwinMarkup.Todos(Flavor.Floor, sid, state.Items), FloorScripts)
        .Replace("data-twin-root", $"data-twin-root data-sid=\"{sid}\""), Html);
});
app.Map("/floor/ws", async (HttpContext context, string sid) =>
{
    if (!context.WebSockets.IsWebSocketRequest || !states.TryGet(sid, out var s)) { context.Response.StatusCode = 400; return; }
    using var socket = await context.WebSockets.AcceptWebSocketAsync();
    var buffer = new byte[1024];
    while (socket.State == WebSocketState.Open)
    {
        var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
        if (result.MessageType == WebSocketMessageType.Close) break;
        var message = Encoding.UTF8.GetString(buffer, 0, result.Count);
        string reply;
        lock (s)
        {
            var parts = message.Split(' ');
            switch (parts[0])
            {
                case "inc": reply = "c " + (++s.Count); break;
                case "dec": reply = "c " + (--s.Count); break;
                case "toggle" when parts.Length > 1 && int.TryParse(parts[1], out var id):
                    reply = s.Toggle(id) is { } item ? $"t {item.Id} {(item.Done ? 1 : 0)}" : "x";
                    break;
                default: reply = "x"; break;
            }
        }
        await socket.SendAsync(Encoding.UTF8.GetBytes(reply), WebSocketMessageType.Text, true, context.RequestAborted);
    }
});

// ---- diagnostics ---------------------------------------------------------------------------------------------------------
app.MapGet("/bench/stats", (string? gc) =>
{
    var stats = BenchStats.Snapshot(BenchStats.WantsFullGc(gc));
    stats["twinStates"] = states.Count;
    return Results.Json(stats);
});
app.MapPost("/bench/twins/reset", () => { states.Clear(); return Results.Ok(); });

app.Run();

/// <summary>State of twin page instances (one per page load), in memory.</summary>
sealed class TwinStates
{
    private readonly ConcurrentDictionary<string, TwinState> _states = new();
    public int Count => _states.Count;
    public void Clear() => _states.Clear();

    public (string Sid, TwinState State) New(int rows)
    {
        var sid = Guid.NewGuid().ToString("N")[..12];
        var state = new TwinState { Items = TodoItem.Seed(rows) };
        _states[sid] = state;
        return (sid, state);
    }

    public bool TryGet(string sid, out TwinState state) => _states.TryGetValue(sid, out state!);

    public int? Counter(string sid, string action)
    {
        if (!_states.TryGetValue(sid, out var s)) return null;
        lock (s) return action switch { "increment" => ++s.Count, "decrement" => --s.Count, _ => s.Count };
    }
}

sealed class TwinState
{
    public int Count;
    public List<TodoItem> Items = [];
    private int _nextId = -1;

    public TodoItem? Toggle(int id)
    {
        var item = Items.Find(t => t.Id == id);
        if (item is not null) item.Done = !item.Done;
        return item;
    }

    public TodoItem? Add(string title)
    {
        if (string.IsNullOrWhiteSpace(title)) return null;
        if (_nextId < 0) _nextId = Items.Count == 0 ? 1 : Items.Max(t => t.Id) + 1;
        var item = new TodoItem(_nextId++, title.Trim());
        Items.Add(item);
        return item;
    }
}

/// <summary>The twins' client libraries, served from bench/node_modules (npm install in bench/).</summary>
static class VendorFiles
{
    public static Dictionary<string, string> Locate()
    {
        var files = new Dictionary<string, string>();
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var modules = Path.Combine(dir.FullName, "node_modules");
            var htmx = Path.Combine(modules, "htmx.org", "dist", "htmx.min.js");
            if (!File.Exists(htmx)) continue;
            files["htmx.min.js"] = htmx;
            files["idiomorph.min.js"] = Path.Combine(modules, "idiomorph", "dist", "idiomorph.min.js");
            return files;
        }
        Console.Error.WriteLine("warning: bench/node_modules not found (run npm install in bench/); the htmx and morph twins will not work.");
        return files;
    }
}
