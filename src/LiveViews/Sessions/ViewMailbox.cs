using System.Threading.Channels;

namespace LiveViews.Sessions;

/// <summary>
/// The serial work queue of one view: events, pub/sub messages, timers and <see cref="LiveView.InvokeAsync"/> run one
/// at a time, in order, on one loop, so view state needs no locking. Bounded: a full mailbox refuses work at once.
/// </summary>
internal sealed class ViewMailbox
{
    // Marks code running inside a work item of this mailbox, so InvokeAsync from a handler runs inline instead of
    // deadlocking. A fresh marker per item, switched off afterwards, so background tasks that captured it queue instead.
    private static readonly AsyncLocal<LoopMarker?> CurrentLoop = new();
    private readonly Channel<WorkItem> _channel;
    private Task _loop = Task.CompletedTask;

    /// <param name="capacity">Most items waiting at once (<c>LiveViewOptions.MaxPendingEventsPerView</c>).</param>
    public ViewMailbox(int capacity) =>
        _channel = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

    /// <summary>Completes when the loop has ended (after <see cref="Complete"/> and the queued work, or on stop).</summary>
    public Task Completion => _loop;

    /// <summary>True when the caller runs inside a work item of this mailbox.</summary>
    public bool IsCurrent => CurrentLoop.Value is { Active: true } marker && marker.Mailbox == this;

    /// <summary>Queues <paramref name="work"/>; false when the mailbox is full or completed.</summary>
    public bool TryPost(WorkItem work) => _channel.Writer.TryWrite(work);

    /// <summary>Queues <paramref name="work"/>, waiting for room. Throws <see cref="ChannelClosedException"/> once completed.</summary>
    public ValueTask PostAsync(WorkItem work, CancellationToken cancellation) => _channel.Writer.WriteAsync(work, cancellation);

    /// <summary>
    /// Starts the loop: runs <paramref name="process"/> for each item until <see cref="Complete"/> drained the queue or
    /// <paramref name="stop"/> is cancelled. An exception from <paramref name="process"/> goes to <paramref name="failed"/>
    /// and the loop goes on with the next item.
    /// </summary>
    public void Start(Func<WorkItem, Task> process, Action<WorkItem, Exception> failed, CancellationToken stop) =>
        _loop = Task.Run(async () =>
        {
            await foreach (var work in _channel.Reader.ReadAllAsync())
            {
                if (stop.IsCancellationRequested) break;
                var marker = new LoopMarker(this);
                CurrentLoop.Value = marker;
                try { await process(work); }
                catch (Exception ex) { failed(work, ex); }
                finally { marker.Active = false; }
            }
        });

    /// <summary>Accepts no more work; the loop ends after what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    private sealed class LoopMarker(ViewMailbox mailbox)
    {
        public ViewMailbox Mailbox { get; } = mailbox;
        public bool Active { get; set; } = true;
    }
}
