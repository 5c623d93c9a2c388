using System.Text.Json;

namespace LiveViews.Sessions;

/// <summary>One unit of work in a view's mailbox. A view runs its work items one at a time, in order.</summary>
internal abstract record WorkItem;

/// <summary>A client event: run the handler of the view (or of live component <paramref name="Component"/>), re-render, reply.</summary>
internal sealed record EventWork(long Ref, string Handler, JsonElement Args, string? Component = null) : WorkItem;

/// <summary>A message from a pub/sub topic for <see cref="LiveView.HandleInfoAsync"/>.</summary>
internal sealed record InfoWork(string Topic, object Message) : WorkItem;

/// <summary>Server-initiated work (<see cref="LiveView.InvokeAsync"/>, timers); <paramref name="Done"/> completes when it ran.</summary>
internal sealed record InvokeWork(Func<Task> Work, TaskCompletionSource? Done) : WorkItem;

/// <summary>
/// The client saw a version gap, or found the DOM differs from what the ops expect: send the full render, as a node
/// list when <paramref name="AsNodes"/> (HTML would give the client's parser the same wrong DOM again).
/// </summary>
internal sealed record ResyncWork(bool AsNodes) : WorkItem;

/// <summary>The browser shows another URL of a routed view: run <c>HandleParamsAsync</c>, re-render, reply to <paramref name="Ref"/>.</summary>
internal sealed record PatchWork(long Ref, string Url) : WorkItem;

/// <summary>Completes <paramref name="Done"/> once the work queued before it has run.</summary>
internal sealed record BarrierWork(TaskCompletionSource Done) : WorkItem;

/// <summary>A throttle window closed: run the latest coalesced event of <paramref name="Handler"/> (of the view, or of a component).</summary>
internal sealed record ThrottleFlushWork(string Handler, string? Component) : WorkItem;

/// <summary><see cref="LiveView.SendUpdate{TComponent}"/>: new parameters for one live component.</summary>
internal sealed record ComponentUpdateWork(Type Type, string Id, IReadOnlyDictionary<string, object?> Parameters) : WorkItem;

/// <summary>Save the view's persisted state if it changed (the connection dropped).</summary>
internal sealed record PersistWork : WorkItem;

/// <summary>The view has been idle a while: drop what its tree holds only for a next update (<c>ViewTree.Compact</c>).</summary>
internal sealed record CompactWork : WorkItem;

/// <summary>
/// The page rejoined this retained view over a new connection (<paramref name="Client"/>): show <paramref name="Url"/>
/// (a routed view), render, send to the new connection from now on; <paramref name="Done"/> gets the join result.
/// </summary>
internal sealed record ReattachWork(Microsoft.AspNetCore.SignalR.IClientProxy Client, string? Url, TaskCompletionSource<Protocol.JoinResult> Done) : WorkItem;
