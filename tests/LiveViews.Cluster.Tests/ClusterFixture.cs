using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LiveViews.Demo.Data;
using LiveViews.TestSupport;

namespace LiveViews.Cluster.Tests;

/// <summary>
/// The real cluster for the whole collection: <c>scripts/cluster.sh up</c> in a private state directory on a free block
/// of 127.0.0.1 ports (nginx, node1, node2, Redis, PostgreSQL), Debian's chromium, and <c>down --purge</c> at the end.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public static string RepositoryRoot { get; } = FindRoot();

    public string StateDirectory { get; } = Path.Combine(Path.GetTempPath(), $"lv-cluster-test-{Guid.NewGuid():N}"[..30]);
    public int Port { get; } = FreePortBlock();
    public Uri Url { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string[] Nodes { get; } = ["node1", "node2"];

    /// <summary>The to-dos as PostgreSQL holds them (the cluster's database, read directly).</summary>
    public PostgresTodoStore Database { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var output = await ClusterAsync("up", timeoutSeconds: 600);
        Url = new Uri(output.TrimEnd().Split('\n')[^1].Trim());
        Database = new PostgresTodoStore($"Host=127.0.0.1;Port={Port + 51};Database=demo;Username=demo");
        DebianChromium.EnsureInstalled();
        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
        SetDefaultExpectTimeout(10_000);
    }

    /// <summary>Runs <c>scripts/cluster.sh ARGS</c> against this cluster; returns its standard output, throws with its output when it fails.</summary>
    public async Task<string> ClusterAsync(string args, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo("bash", $"{Path.Combine(RepositoryRoot, "scripts", "cluster.sh")} {args}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot,
        };
        start.Environment["LV_CLUSTER_DIR"] = StateDirectory;
        start.Environment["LV_CLUSTER_PORT"] = Port.ToString();
        start.Environment["LV_NODES"] = Nodes.Length.ToString();
        // The demo as this test run built it (same configuration), so `up` does not publish another copy.
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        var demoBuild = Path.Combine(RepositoryRoot, "demo", "LiveViews.Demo", "bin", configuration, "net10.0");
        if (File.Exists(Path.Combine(demoBuild, "LiveViews.Demo.dll"))) start.Environment["LV_CLUSTER_APP_DIR"] = demoBuild;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"cluster.sh {args} took more than {timeoutSeconds} s: {await stderr}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"cluster.sh {args} failed ({process.ExitCode}): {await stdout}\n{await stderr}");
        return await stdout;
    }

    /// <summary>The last lines of a node's log (for failure messages).</summary>
    public string NodeLog(string node) =>
        File.Exists(Path.Combine(StateDirectory, node + ".log")) ? string.Join("\n", File.ReadLines(Path.Combine(StateDirectory, node + ".log")).TakeLast(30)) : "(no log)";

    /// <summary>A new browser context (own cookies) pinned to <paramref name="node"/> by nginx's affinity cookie, or unpinned.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? node = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Url.ToString(),
            ViewportSize = new ViewportSize { Width = 1000, Height = 760 },
        });
        if (node is not null)
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "lv_node", Value = node, Domain = Url.Host, Path = "/" }]);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Database?.Dispose();
        try { await ClusterAsync("down --purge", timeoutSeconds: 120); }
        catch (Exception e) { Console.Error.WriteLine(e.Message); }
    }

    /// <summary>A base port P such that P..P+2 (nginx and nodes) and P+50, P+51 (Redis, PostgreSQL) are free on 127.0.0.1.</summary>
    private static int FreePortBlock()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 40_000);
            if (new[] { 0, 1, 2, 3, 50, 51 }.All(offset => IsFree(port + offset))) return port;
        }
        throw new InvalidOperationException("No free block of ports on 127.0.0.1");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "cluster.sh"))) return dir.FullName;
        throw new InvalidOperationException("scripts/cluster.sh not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
