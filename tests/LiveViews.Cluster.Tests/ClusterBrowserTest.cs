using System.Text.RegularExpressions;

namespace LiveViews.Cluster.Tests;

/// <summary>Base of the cluster's browser tests: contexts closed afterwards, and waits on the live view's state.</summary>
[Collection(ClusterCollection.Name)]
public abstract class ClusterBrowserTest(ClusterFixture cluster) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected ClusterFixture Cluster { get; } = cluster;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }

    /// <summary>Runs in every page before its scripts: counts the WebSockets that closed (a reconnect can be faster than any poll).</summary>
    private const string InitScript = """
        (() => {
          const Native = window.WebSocket;
          window.__lvSocketsClosed = 0;
          window.WebSocket = class extends Native {
            constructor(...args) { super(...args); this.addEventListener('close', () => { window.__lvSocketsClosed++; window.__lvLastClose = performance.now(); }); }
          };
        })();
        """;

    /// <summary>A tab in a fresh context pinned to <paramref name="node"/>, showing <paramref name="path"/> once its view is live.</summary>
    protected async Task<IPage> OpenTabAsync(string path, string? node = null)
    {
        var context = await Cluster.NewContextAsync(node);
        await context.AddInitScriptAsync(InitScript);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
        await WaitUntilLiveAsync(page);
        return page;
    }

    /// <summary>
    /// As <see cref="OpenTabAsync"/>, once nginx routes to <paramref name="node"/> again: after a node restarts, nginx sends
    /// its requests to a backup for up to <c>fail_timeout</c> (3 s, scripts/cluster.sh) after the last failed try, and the
    /// backup's answer re-pins the context. A tab another node answered is closed and opened again in a fresh context, for
    /// at most <paramref name="timeout"/> ms; then the tab is returned as it is, for the caller's assertion to name the node.
    /// </summary>
    protected async Task<IPage> OpenTabOnAsync(string path, string node, int timeout = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeout);
        while (true)
        {
            var page = await OpenTabAsync(path, node);
            if (await RenderedByAsync(page) == node || DateTime.UtcNow > deadline) return page;
            _contexts.Remove(page.Context);
            await page.Context.CloseAsync();
            await Task.Delay(500);
        }
    }

    /// <summary>Waits until every view of the page is joined and its root is not flagged disconnected.</summary>
    protected async Task WaitUntilLiveAsync(IPage page, float timeout = 10_000)
    {
        try
        {
            await page.WaitForFunctionAsync(IsLiveScript, null, new PageWaitForFunctionOptions { Timeout = timeout, PollingInterval = 25 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The live view did not connect. node1: {Cluster.NodeLog("node1")}\nnode2: {Cluster.NodeLog("node2")}", e);
        }
    }

    protected const string IsLiveScript = """
        () => {
          const lv = window.LiveView;
          const roots = document.querySelectorAll('[data-lv-root]');
          if (!lv || !lv.connection || !roots.length || lv.views.length !== roots.length) return false;
          return lv.views.every(v => v.connected && v.id && !v.root.classList.contains('lv-disconnected'));
        }
        """;

    /// <summary>How many of the page's WebSockets have closed.</summary>
    protected static Task<int> SocketsClosedAsync(IPage page) => page.EvaluateAsync<int>("() => window.__lvSocketsClosed");

    /// <summary>Milliseconds since the page's last WebSocket closed.</summary>
    protected static Task<double> SinceLastCloseAsync(IPage page) => page.EvaluateAsync<double>("() => performance.now() - window.__lvLastClose");

    /// <summary>The node that rendered the page (<c>data-lv-node</c> on the view root).</summary>
    protected static Task<string?> RenderedByAsync(IPage page) => page.Locator("[data-lv-root]").First.GetAttributeAsync("data-lv-node");

    /// <summary>The node nginx pins the tab's context to now (its <c>lv_node</c> cookie, re-set by every answer).</summary>
    protected static async Task<string?> PinnedNodeAsync(IPage page) =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == "lv_node")?.Value;

    protected static async Task AddTodoAsync(IPage page, string title)
    {
        await page.FillAsync("#new-title", title);
        await page.PressAsync("#new-title", "Enter");
        await Expect(Row(page, title)).ToHaveCountAsync(1);
    }

    protected static string UniqueTitle(string what) => $"{what} {Guid.NewGuid().ToString("N")[..6]}";

    protected static ILocator Row(IPage page, string title) =>
        page.Locator("#todo-list li").Filter(new LocatorFilterOptions { Has = page.Locator(".title", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(title)}$") }) });

    protected static Regex HasClass(string name) => new($"(^|\\s){Regex.Escape(name)}(\\s|$)");
}
