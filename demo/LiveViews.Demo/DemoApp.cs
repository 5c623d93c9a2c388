using LiveViews.Demo.Data;
using LiveViews.Demo.Live;

namespace LiveViews.Demo;

/// <summary>The demo application: builds a fully configured <see cref="WebApplication"/>, used by Program.cs and hosted in-process by the end-to-end tests.</summary>
public static class DemoApp
{
    /// <summary>Default address when no <c>--urls</c> (or ASPNETCORE_URLS) is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>
    /// Builds the demo. <paramref name="configure"/> runs after the demo's own service registrations and before
    /// <c>Build()</c>, so callers (tests) can override configuration, logging or the server address.
    /// Configuration: <c>Demo:Database</c> = SQLite file (relative paths are under the content root; default <c>demo.db</c>).
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Name the demo assembly explicitly: MVC finds the compiled Razor views (templates, layout) through the
            // application name, which would otherwise be the entry assembly (the test host when run from tests).
            ApplicationName = typeof(DemoApp).Assembly.GetName().Name,
            ContentRootPath = ContentRoot(),
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        builder.Services.AddLiveView(o =>
        {
            o.Layout = "/Views/Shared/_Layout.cshtml";
            o.VerifyMemoizedSegments = builder.Environment.IsDevelopment();
        });
        builder.Services.AddRazorPages();
        builder.Services.AddSingleton(sp =>
        {
            var configured = builder.Configuration["Demo:Database"];
            var path = string.IsNullOrWhiteSpace(configured) ? "demo.db" : configured;
            return new TodoStore(Path.GetFullPath(path, builder.Environment.ContentRootPath));
        });
        builder.Services.AddSingleton<SearchCatalog>();
        // Photos live next to the database: "{database}-photos/".
        builder.Services.AddSingleton(sp =>
        {
            var database = sp.GetRequiredService<TodoStore>().DatabasePath;
            return new PhotoStore(database, Path.ChangeExtension(database, null) + "-photos");
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Services.GetRequiredService<TodoStore>().EnsureCreated();
        app.Services.GetRequiredService<PhotoStore>().EnsureCreated();
        app.MapRazorPages();
        app.MapLiveView<CounterView>("/counter");
        app.MapLiveView<TodosView>("/todos");
        app.MapLiveView<SearchView>("/search");
        app.MapLiveView<SliderView>("/slider");
        app.MapLiveView<DashboardView>("/dashboard");
        app.MapLiveView<SignupView>("/signup");
        app.MapLiveView<PhotosView>("/photos");
        return app;
    }

    /// <summary>
    /// The demo project's folder when it can be found above the binaries (dotnet run, or the tests running from this
    /// repository), else the binaries' folder. Only the default database file lives there: templates are compiled.
    /// </summary>
    public static string ContentRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveViews.Demo.csproj"))) return dir.FullName;
            var nested = Path.Combine(dir.FullName, "demo", "LiveViews.Demo");
            if (File.Exists(Path.Combine(nested, "LiveViews.Demo.csproj"))) return nested;
        }
        return AppContext.BaseDirectory;
    }
}
