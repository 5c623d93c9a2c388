using System.Globalization;

namespace LiveViews.Demo.Live;

/// <summary>
/// Base of the demo's views: <c>?delay=MS</c> on a page adds that much server latency before every handler
/// (to watch optimistic updates, loading states and reconnects), capped at 30 s.
/// </summary>
public abstract class DemoView : LiveView
{
    /// <summary>Latency added before each handler.</summary>
    public TimeSpan Delay { get; private set; }

    /// <summary>The mount parameters (route values and query string).</summary>
    protected IReadOnlyDictionary<string, string> Params { get; private set; } = new Dictionary<string, string>();

    public sealed override Task MountAsync(MountContext context)
    {
        Params = context.Params;
        Delay = context.Params.TryGetValue("delay", out var raw)
                && int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(Math.Min(ms, 30_000))
            : TimeSpan.Zero;
        return OnMountAsync(context);
    }

    /// <summary>The view's own mount logic.</summary>
    protected virtual Task OnMountAsync(MountContext context) => Task.CompletedTask;

    public override Task BeforeEventAsync(LiveEventContext context) =>
        Delay > TimeSpan.Zero ? Task.Delay(Delay) : Task.CompletedTask;
}
