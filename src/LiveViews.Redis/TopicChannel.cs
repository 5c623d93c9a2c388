using System.Collections.Immutable;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LiveViews.Redis;

/// <summary>
/// One topic on this server: its local subscribers, its Redis subscription (one per topic, shared by the subscribers),
/// the messages this server published on it that Redis has not delivered back yet, and the queue through which its
/// subscribers receive messages one at a time, in the order they were queued.
/// </summary>
/// <remarks>
/// Deliveries are queued rather than awaited so a subscriber that publishes to the same topic from its handler cannot
/// deadlock; the queue is unbounded because subscribers only hand messages on (a view's handler writes to its mailbox).
/// </remarks>
internal sealed class TopicChannel
{
    private readonly Channel<object> _deliveries = System.Threading.Channels.Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private ImmutableArray<Func<string, object, Task>> _handlers = [];

    public TopicChannel(string topic, RedisChannel channel, ILogger logger)
    {
        Topic = topic;
        Channel = channel;
        _logger = logger;
        _ = Task.Run(DeliverLoopAsync);
    }

    public string Topic { get; }
    public RedisChannel Channel { get; }

    /// <summary>Lock that makes "claim in-flight messages, then queue them" atomic for the echo, fallback and flush paths.</summary>
    public object Sync { get; } = new();

    /// <summary>The Redis subscription, once established (set and cleared under the backplane's subscription gate).</summary>
    public ChannelMessageQueue? Queue { get; set; }

    /// <summary>Completes when the first attempt to subscribe in Redis has finished (successfully or not).</summary>
    public TaskCompletionSource FirstAttempt { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the last subscriber left; the backplane then unsubscribes in Redis and forgets the topic.</summary>
    public bool Closed { get; private set; }

    /// <summary>Messages this server published, by sequence number, until Redis delivers them back (guarded by <see cref="Sync"/>).</summary>
    public Dictionary<long, InFlightMessage> InFlight { get; } = [];

    /// <summary>Adds a subscriber; true when it is the first. Called under the backplane's topic lock.</summary>
    public bool Add(Func<string, object, Task> handler)
    {
        _handlers = _handlers.Add(handler);
        return _handlers.Length == 1;
    }

    /// <summary>Removes a subscriber; when none is left, closes the topic and returns true. Called under the backplane's topic lock.</summary>
    public bool Remove(Func<string, object, Task> handler)
    {
        _handlers = _handlers.Remove(handler);
        if (!_handlers.IsEmpty) return false;
        Closed = true;
        _deliveries.Writer.TryComplete();
        return true;
    }

    /// <summary>Queues <paramref name="message"/> for every subscriber. Callers hold <see cref="Sync"/> so queue order is delivery order.</summary>
    public void Enqueue(object message) => _deliveries.Writer.TryWrite(message);

    private async Task DeliverLoopAsync()
    {
        await foreach (var message in _deliveries.Reader.ReadAllAsync())
        {
            foreach (var handler in _handlers)
            {
                try { await handler(Topic, message); }
                catch (Exception ex) { _logger.LogError(ex, "A subscriber of topic {Topic} failed", Topic); }
            }
        }
    }
}
