using System.Text.RegularExpressions;

namespace LiveViews.EndToEnd;

/// <summary>
/// Base of the browser tests: a fresh browser context per test (closed afterwards), helpers to open a demo page and
/// wait until its live view has joined, and to drop or restore the connection.
/// </summary>
[Collection(DemoCollection.Name)]
public abstract class BrowserTest(DemoFixture demo) : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];

    protected DemoFixture Demo { get; } = demo;
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    /// <summary>
    /// Runs in every page before its scripts: keeps each WebSocket the page opens (to cut them like a network drop
    /// would) and records the <c>lv:error</c> and <c>lv:reply</c> events the client dispatches.
    /// </summary>
    private const string InitScript = """
        (() => {
          const Native = window.WebSocket;
          window.__lvSockets = [];
          window.WebSocket = class extends Native {
            constructor(...args) { super(...args); window.__lvSockets.push(this); }
          };
          window.__lvErrors = [];
          window.__lvReplies = 0;
          window.__lvReplyLog = [];
          document.addEventListener('lv:error', e => window.__lvErrors.push(e.detail), true);
          document.addEventListener('lv:reply', e => { window.__lvReplies++; window.__lvReplyLog.push(e.detail); }, true);
        })();
        """;

    public virtual async Task InitializeAsync()
    {
        Context = await NewContextAsync();
        Page = await Context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var context in _contexts) await context.CloseAsync();
    }

    protected async Task<IBrowserContext> NewContextAsync(bool javaScript = true)
    {
        var context = await Demo.NewContextAsync(javaScript);
        if (javaScript) await context.AddInitScriptAsync(InitScript);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Opens <paramref name="path"/> and waits until the live view is connected and joined.</summary>
    protected async Task<IPage> OpenLiveAsync(string path, IPage? page = null)
    {
        page ??= Page;
        var response = await page.GotoAsync(path);
        Assert.True(response is { Ok: true }, $"GET {path} answered {response?.Status}");
        await WaitUntilLiveAsync(page);
        return page;
    }

    /// <summary>Waits until every live view of the page has joined (<see cref="LiveViewPageExtensions.WaitForLiveViewAsync"/>), with the server log on failure.</summary>
    protected async Task WaitUntilLiveAsync(IPage page, float timeout = 10_000)
    {
        try
        {
            await page.WaitForLiveViewAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Server log: {string.Join(" | ", Demo.ServerLog)}", e);
        }
    }

    /// <summary>
    /// Cuts the page's connection the way a network loss does: the context goes offline (so reconnect attempts fail)
    /// and every open WebSocket is closed with a non-normal code. Undo with <c>SetOfflineAsync(false)</c>.
    /// </summary>
    protected static async Task DropConnectionAsync(IBrowserContext context, IPage page)
    {
        await context.SetOfflineAsync(true);
        await page.EvaluateAsync("() => { for (const s of window.__lvSockets) if (s.readyState <= 1) s.close(4000, 'e2e: network lost'); }");
    }

    /// <summary>The <c>lv:error</c> details the page has seen, as JSON.</summary>
    protected static Task<string> ErrorsAsync(IPage page) => page.EvaluateAsync<string>("() => JSON.stringify(window.__lvErrors)");

    protected static Regex HasClass(string name) => new($"(^|\\s){Regex.Escape(name)}(\\s|$)");

    /// <summary>A unique, readable to-do title.</summary>
    protected static string UniqueTitle(string what) => $"{what} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The to-do row with exactly this title.</summary>
    protected static ILocator Row(IPage page, string title) =>
        page.Locator("#todo-list li").Filter(new LocatorFilterOptions { Has = page.Locator(".title", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(title)}$") }) });
}
