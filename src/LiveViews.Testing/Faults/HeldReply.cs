using LiveViews.Testing.Protocol;

namespace LiveViews.Testing;

/// <summary>A reply the fault injector keeps from the page (<see cref="LiveFaults.HoldReplies"/>, <see cref="LiveFaults.DelayReplies"/>) until it is released.</summary>
public sealed class HeldReply
{
    internal HeldReply(string viewId, ClientReply reply)
    {
        ViewId = viewId;
        Reply = reply;
    }

    internal ClientReply Reply { get; }
    internal Client.ClientTimers.Timeout? Delay { get; set; }

    /// <summary>The server's id of the view.</summary>
    public string ViewId { get; }

    /// <summary>The event ref it answers (0 for a server push).</summary>
    public long Ref => Reply.Ref;

    /// <summary>The highest ref the server had processed.</summary>
    public long Ack => Reply.Ack;

    /// <summary>The view version it carries (the page resyncs when it sees a gap).</summary>
    public long Version => Reply.Version;

    /// <summary>The error it reports for <see cref="Ref"/>, or null.</summary>
    public string? Error => Reply.Error;

    /// <summary>True when it carries a full render.</summary>
    public bool IsFullRender => Reply.Html is not null;

    /// <inheritdoc />
    public override string ToString() => $"reply r={Ref} a={Ack} v={Version}{(Error is null ? "" : " error")} for view {ViewId}";
}
