using System.Collections.Concurrent;

namespace LiveViews.Tests.Live;

/// <summary>A routed view (<c>/items/{id:int?}</c>) that shows its URL's params and navigates on request, for navigation tests.</summary>
public sealed class ParamsView : LiveView, IDisposable
{
    /// <summary>Instances not yet disposed (mounted for a page, a join or a navigation).</summary>
    public static readonly ConcurrentDictionary<ParamsView, byte> Alive = new();

    public ParamsView() => Alive[this] = 0;

    public int Id { get; private set; }
    public string Query { get; private set; } = "";
    public int ParamsCalls { get; private set; }
    public int Events { get; private set; }
    public int? N { get; private set; }
    public string Url { get; private set; } = "";

    public override string PageTitle => $"Item {Id}";

    public override Task MountAsync(MountContext context)
    {
        Subscribe("params");
        if (context.Params.TryGetValue("go", out var go))
        {
            PutFlash(LiveFlash.Info, "Moved on mount");
            Navigate(go);
        }
        return Task.CompletedTask;
    }

    public override async Task HandleParamsAsync(LiveParams parameters)
    {
        ParamsCalls++;
        if (parameters.Get("ms", 0) is var ms and > 0) await Task.Delay(ms);
        Id = parameters.Get("id", 0);
        Query = parameters.Get("q", "");
        N = parameters.Contains("n") ? parameters.Get<int>("n") : null;
        Url = parameters.Url;
        if (parameters.Get("canonical", false)) PushPatch(parameters.With("canonical", null));
    }

    public override Task HandleInfoAsync(string topic, object message)
    {
        Events++;
        return Task.CompletedTask;
    }

    [LiveEvent] public void Bump() => Events++;
    [LiveEvent] public async Task Slow(int ms) { await Task.Delay(ms); Events++; }
    [LiveEvent] public void PatchTo(string url, bool replace) { if (replace) ReplacePatch(url); else PushPatch(url); }
    [LiveEvent] public void NavigateTo(string url) => Navigate(url);
    [LiveEvent] public void RedirectTo(string url) => Redirect(url);
    [LiveEvent] public void Flash(string message) => PutFlash(LiveFlash.Info, message);
    [LiveEvent] public void FlashAndNavigate(string message, string url) { PutFlash(LiveFlash.Info, message); Navigate(url); }
    [LiveEvent] public Task Broadcast() => PublishAsync("params", "ping");
    [LiveEvent] public void PatchEmbedded() => PushPatch("?q=x");

    public void Dispose() => Alive.TryRemove(this, out _);
}
