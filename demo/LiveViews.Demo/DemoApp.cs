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
    /// Configuration (appsettings, <c>--Demo:Key=value</c> or environment <c>Demo__Key</c>):
    /// <list type="bullet">
    /// <item><c>Demo:Store</c> = <c>sqlite</c> (default) or <c>postgres</c>: where the to-dos live.</item>
    /// <item><c>Demo:Database</c> = SQLite file (relative paths are under the content root; default <c>demo.db</c>).</item>
    /// <item><c>Demo:Postgres</c> = Npgsql connection string, required with <c>Demo:Store=postgres</c>.</item>
    /// <item><c>Demo:Redis</c> = StackExchange.Redis configuration (e.g. <c>127.0.0.1:6379</c>): when set, the Redis
    /// backplane carries pub/sub across servers and holds the shared Data Protection keys.</item>
    /// <item><c>Demo:NodeName</c> = this server's name, written as <c>data-lv-node</c> on every view root.</item>
    /// </list>
    /// Throws <see cref="InvalidOperationException"/> for an unknown store or a missing connection string.
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

        var config = builder.Configuration;
        var live = builder.Services.AddLiveView(o =>
        {
            o.Layout = "/Views/Shared/_Layout.cshtml";
            o.VerifyMemoizedSegments = builder.Environment.IsDevelopment();
            if (config["Demo:NodeName"] is { Length: > 0 } node) o.NodeName = node;
        });
        if (config["Demo:Redis"] is { Length: > 0 } redis) live.AddRedisBackplane(redis);
        builder.Services.AddRazorPages();
        // The SQLite file of the single-process demo (to-dos, unless Demo:Store says postgres) and of its photos' index.
        // Read when first resolved: callers (tests) may still change the configuration after this method's registrations.
        string Database() => Path.GetFullPath(
            string.IsNullOrWhiteSpace(config["Demo:Database"]) ? "demo.db" : config["Demo:Database"]!, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton<ITodoStore>(_ => (config["Demo:Store"] ?? "sqlite").ToLowerInvariant() switch
        {
            "sqlite" => new SqliteTodoStore(Database()),
            "postgres" or "postgresql" => new PostgresTodoStore(config["Demo:Postgres"] is { Length: > 0 } postgres
                ? postgres
                : throw new InvalidOperationException("Demo:Store=postgres needs Demo:Postgres, an Npgsql connection string.")),
            var other => throw new InvalidOperationException($"Demo:Store must be sqlite or postgres, not '{other}'."),
        });
        builder.Services.AddSingleton<SearchCatalog>();
        builder.Services.AddSingleton<FeedStore>();
        // Photos live next to the database: "{database}-photos/".
        builder.Services.AddSingleton(_ =>
        {
            var database = Database();
            return new PhotoStore(database, Path.ChangeExtension(database, null) + "-photos");
        });
        configure?.Invoke(builder);

        var app = builder.Build();
        app.Services.GetRequiredService<ITodoStore>().EnsureCreated();
        app.Services.GetRequiredService<PhotoStore>().EnsureCreated();
        app.MapRazorPages();
        app.MapLiveView<CounterView>("/counter");
        app.MapLiveView<TodosView>("/todos");
        app.MapLiveView<SearchView>("/search");
        app.MapLiveView<SliderView>("/slider");
        app.MapLiveView<DashboardView>("/dashboard");
        app.MapLiveView<SignupView>("/signup");
        app.MapLiveView<PhotosView>("/photos");
        app.MapLiveView<FeedView>("/feed");
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
