using System.Globalization;

namespace LiveViews.Demo.Live;

/// <summary>
/// Base of the demo's views: <c>?delay=MS</c> on a page adds that much server latency (capped at 30 s) before every
/// handler and, once connected, before every <see cref="HandleParamsAsync"/> (joins, live navigations to the page,
/// URL changes), to watch optimistic updates, loading states, navigations and reconnects on a slow server.
/// </summary>
public abstract class DemoView : LiveView
{
    /// <summary>Latency added before each handler.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>The mount parameters (route values and query string).</summary>
    protected IReadOnlyDictionary<string, string> Params { get; private set; } = new Dictionary<string, string>();

    /// <summary>The URL the view shows (for links that keep its other parameters, e.g. <c>Location.With("filter", "done")</c>).</summary>
    public LiveParams Location { get; private set; } = new("/");

    public sealed override Task MountAsync(MountContext context)
    {
        Params = context.Params;
        Delay = context.Params.TryGetValue("delay", out var raw)
                && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 30_000))
            : TimeSpan.Zero;
        return OnMountAsync(context);
    }

    public sealed override async Task HandleParamsAsync(LiveParams parameters)
    {
        if (IsConnected && Delay > TimeSpan.Zero) await Task.Delay(Delay);
        Location = parameters;
        await OnParamsAsync(parameters);
    }

    /// <summary>The view's own mount logic.</summary>
    protected virtual Task OnMountAsync(MountContext context) => Task.CompletedTask;

    /// <summary>The view's own reading of the URL.</summary>
    protected virtual Task OnParamsAsync(LiveParams parameters) => Task.CompletedTask;

    public override Task BeforeEventAsync(LiveEventContext context) =>
        Delay > TimeSpan.Zero ? Task.Delay(Delay) : Task.CompletedTask;
}
