namespace LiveViews.Hosting;

/// <summary>Options of the LiveView framework, configured with <c>services.AddLiveView(o => ...)</c>.</summary>
public sealed class LiveViewOptions
{
    /// <summary>Where a view's template is looked up; <c>{0}</c> is the view's type name. First existing path wins.</summary>
    public List<string> TemplateLocationFormats { get; } = ["/Live/{0}.cshtml", "/Views/Live/{0}.cshtml"];

    /// <summary>Razor layout (application-relative path, e.g. <c>/Views/Shared/_Layout.cshtml</c>) wrapping pages served by <c>MapLiveView</c>; null serves a minimal HTML document.</summary>
    public string? Layout { get; set; }

    /// <summary>How long a page's view token can be used to join (and rejoin after a disconnect). Default 12 hours.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Largest hub message accepted, in bytes; larger ones close the connection. Default 32 KiB.</summary>
    public long MaxMessageBytes { get; set; } = 32 * 1024;

    /// <summary>Most views one connection may have mounted at once. Default 32.</summary>
    public int MaxViewsPerConnection { get; set; } = 32;

    /// <summary>Most events queued for one view; further events are rejected with an error until it catches up. Default 64.</summary>
    public int MaxPendingEventsPerView { get; set; } = 64;

    /// <summary>Sustained events per second one connection may send (token bucket); excess events are rejected. Default 100.</summary>
    public int EventsPerSecondPerConnection { get; set; } = 100;

    /// <summary>Burst size of the per-connection event bucket. Default 200.</summary>
    public int EventBurstPerConnection { get; set; } = 200;

    /// <summary>
    /// How long the client waits for the reply to an event it sent before it reverts the event's optimistic changes and
    /// flags them (<c>optimistic-error</c>). Default 10 seconds.
    /// </summary>
    public TimeSpan EventReplyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most events the client keeps in its outbox while the view has not joined yet or the connection is down; past it the
    /// oldest is reverted, flagged and reported (<c>lv:error</c>). Default 100.
    /// </summary>
    public int OutboxCapacity { get; set; } = 100;

    /// <summary>Longest an event waits in the client's outbox before it is reverted, flagged and reported. Default 60 seconds.</summary>
    public TimeSpan OutboxMaxAge { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a view whose connection dropped is kept alive on this server, so a client that reconnects within it
    /// re-attaches to the same instance (state and subscriptions intact, no remount; it gets a full render). Pub/sub
    /// messages and timers still run while it waits. <see cref="TimeSpan.Zero"/> disposes views at once. Default 2 minutes.
    /// </summary>
    public TimeSpan ReconnectRetention { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Most views one server keeps waiting for their clients (<see cref="ReconnectRetention"/>); past it the longest-waiting one is disposed. Default 10,000.</summary>
    public int MaxRetainedViews { get; set; } = 10_000;

    /// <summary>
    /// Largest persisted state of one view (<see cref="PersistentStateAttribute"/>), in bytes of UTF-8 JSON; a larger
    /// state is not saved (a warning is logged, never truncated) and the one saved before is dropped. Default 16 KiB.
    /// </summary>
    public int MaxPersistentStateBytes { get; set; } = 16 * 1024;

    /// <summary>How long a view's persisted state is kept after its last save (sliding). Default 30 minutes.</summary>
    public TimeSpan PersistentStateLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Largest payload of an event pushed to client hooks (<c>PushEvent</c>), in bytes of JSON; larger ones throw. Default 16 KiB.</summary>
    public int MaxPushEventBytes { get; set; } = 16 * 1024;

    /// <summary>Path of the SignalR hub. Default <c>/_lv/hub</c>.</summary>
    public string HubPath { get; set; } = "/_lv/hub";

    /// <summary>Path prefix of the client assets (<c>liveview.js</c>, <c>liveview.css</c>). Default <c>/_lv</c>.</summary>
    public string AssetPathPrefix { get; set; } = "/_lv";

    /// <summary>
    /// Send handler exception messages to the client. Default: true in the Development environment (as ASP.NET Core's
    /// developer exception page), false otherwise, where clients see a generic message and the exception is only logged.
    /// </summary>
    public bool DetailedErrors { get; set; }

    /// <summary>
    /// The name of this server, written as <c>data-lv-node</c> on every view root it renders or mounts, so a load-balanced
    /// deployment (and its tests) can tell which node a page lives on. Default null: no attribute.
    /// </summary>
    public string? NodeName { get; set; }

    /// <summary>
    /// Development check for memoized segments (<c>Html.LiveSegment(key, template)</c>): a reused segment is rendered
    /// again and compared, and a difference throws <see cref="InvalidOperationException"/> naming the key, because the key
    /// does not capture everything the template reads. Costs what memoization saves. Default false.
    /// </summary>
    public bool VerifyMemoizedSegments { get; set; }

    /// <summary>
    /// The clock of server timers (<c>StartTimer</c>) and <c>[Throttle]</c> windows. Default <see cref="TimeProvider.System"/>;
    /// tests set a virtual clock (LiveViews.Testing's <c>WithLiveViewClock</c>) to run them deterministically.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where and how file uploads are received (chunk size, timeouts, disk limits); see <see cref="Uploads.LiveUploadOptions"/>.</summary>
    public Uploads.LiveUploadOptions Uploads { get; } = new();

    /// <summary>
    /// Development check that a template's HTML parses in the page as the framework parses it. When true, a live
    /// segment that is not balanced (an unclosed <c>&lt;script&gt;</c>, comment, tag or <c>&lt;textarea&gt;</c> that
    /// swallows its end marker, an element left open, a stray end tag) throws an <see cref="UnbalancedHtmlException"/>
    /// naming the view and the segment, and so does a view render that would swallow or break out of the page around
    /// it (checked on each first render, at the cost of one more parse). When false, a render with an unbalanced
    /// segment is parsed whole instead (a warning is logged) and view renders are not checked.
    /// Default: true in the Development environment, false otherwise.
    /// </summary>
    public bool VerifyBalancedHtml { get; set; }
}
