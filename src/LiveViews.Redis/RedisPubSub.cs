using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.PubSub;
using StackExchange.Redis;

namespace LiveViews.Redis;

/// <summary>
/// <see cref="ILivePubSub"/> across servers over Redis pub/sub: one Redis channel per topic, subscribed once per server
/// while it has local subscribers.
/// </summary>
/// <remarks>
/// <para><b>Order.</b> While Redis is reachable every message goes through Redis, this server's own subscribers included:
/// Redis delivers a channel's messages to every subscribed connection in one order, and each server hands them to its
/// subscribers one at a time in that order, so all subscribers of a topic, on every server, see the same order
/// (and each publisher's messages in the order it published them).</para>
/// <para><b>Redis down.</b> Messages are delivered to this server's subscribers at once and are not sent to other servers
/// (Redis pub/sub keeps nothing for absent subscribers: delivery across servers is at most once). A message already
/// sent when the connection dropped, whose echo will not come, is delivered locally then (or after
/// <see cref="RedisBackplaneOptions.EchoTimeout"/>); the sequence number in each envelope keeps it from being delivered
/// twice. StackExchange.Redis reconnects and resubscribes in the background; remote delivery resumes with it.</para>
/// <para><b>Wire.</b> See <see cref="MessageCodec"/>: bounded size, built-in or registered types only; anything else
/// arriving is dropped and logged.</para>
/// </remarks>
internal sealed class RedisPubSub : ILivePubSub, IAsyncDisposable, IDisposable
{
    /// <summary>How long a locally delivered message is remembered, so its late echo is not delivered again.</summary>
    private static readonly TimeSpan TombstoneLifetime = TimeSpan.FromSeconds(30);

    private readonly RedisConnection _connection;
    private readonly MessageCodec _codec;
    private readonly ILogger _logger;
    private readonly string _channelPrefix;
    private readonly long _echoTimeoutMs;
    private readonly ConcurrentDictionary<string, TopicChannel> _topics = new(StringComparer.Ordinal);
    private readonly object _topicLock = new();
    private readonly SemaphoreSlim _subscriptionGate = new(1, 1);
    private readonly Timer _sweep;
    private long _sequence;
    private int _publishFailing;
    private long _droppedSinceLog;
    private long _lastDropLogTicks;

    public RedisPubSub(RedisConnection connection, IOptions<RedisBackplaneOptions> options, ResolvedBackplaneNames names, ILogger<RedisPubSub> logger)
    {
        _connection = connection;
        _codec = new MessageCodec(options.Value);
        _logger = logger;
        _channelPrefix = names.ChannelPrefix;
        _echoTimeoutMs = (long)options.Value.EchoTimeout.TotalMilliseconds;
        _connection.Failed += OnConnectionFailed;
        _connection.Restored += OnConnectionRestored;
        _sweep = new Timer(_ => Sweep(), null, 500, 500);
    }

    /// <summary>This server's id in envelopes (random per process), to recognize its own messages coming back.</summary>
    internal string Node { get; } = Guid.NewGuid().ToString("N")[..16];

    /// <summary>Topics with local subscribers (for tests and diagnostics).</summary>
    internal int TopicCount => _topics.Count;

    /// <summary>True when this server's Redis subscription of <paramref name="topic"/> is established and connected (for tests).</summary>
    internal bool IsSubscribedInRedis(string topic) =>
        _topics.TryGetValue(topic, out var t) && t.Queue is not null && _connection.Current?.GetSubscriber() is { } subscriber && IsLive(subscriber, t.Channel);

    /// <summary>
    /// True when Redis has confirmed this server's SUBSCRIBE of <paramref name="channel"/> on a connection that is up
    /// (StackExchange.Redis clears the subscribed endpoint when the subscription connection drops, and sets it again
    /// when the resubscribe is confirmed).
    /// </summary>
    private static bool IsLive(ISubscriber subscriber, RedisChannel channel) =>
        subscriber.SubscribedEndpoint(channel) is not null && subscriber.IsConnected(channel);

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="topic"/> on this server; the Redis subscription is
    /// established in the background (a publish from this server waits for that first attempt).
    /// </summary>
    public IDisposable Subscribe(string topic, Func<string, object, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(handler);
        TopicChannel channel;
        bool first;
        lock (_topicLock)
        {
            channel = _topics.GetOrAdd(topic, t => new TopicChannel(t, RedisChannel.Literal(_channelPrefix + t), _logger));
            first = channel.Add(handler);
        }
        if (first) _ = ReconcileAsync(channel);
        return new Subscription(this, channel, handler);
    }

    /// <summary>
    /// Publishes to every subscriber of <paramref name="topic"/> on every server. Completes when Redis has accepted the
    /// message (or, with Redis down, when it is queued for this server's subscribers); deliveries happen asynchronously.
    /// Throws <see cref="ArgumentNullException"/> for a null message, <see cref="NotSupportedException"/> for a type that
    /// cannot cross servers and <see cref="ArgumentException"/> for a message over
    /// <see cref="RedisBackplaneOptions.MaxMessageBytes"/>; nothing is delivered then.
    /// </summary>
    public async Task PublishAsync(string topic, object message)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(message);
        var sequence = Interlocked.Increment(ref _sequence);
        var payload = _codec.Encode(Node, sequence, message);

        _topics.TryGetValue(topic, out var local);
        if (local is not null && !local.FirstAttempt.Task.IsCompleted) await local.FirstAttempt.Task;
        var multiplexer = _connection.Current ?? await _connection.GetAsync();
        var channel = local?.Channel ?? RedisChannel.Literal(_channelPrefix + topic);
        var subscriber = multiplexer.GetSubscriber();
        // Our own subscribers get it from Redis when our subscription is confirmed and connected, so they see the order every
        // server sees. (A confirmed SUBSCRIBE was processed before this PUBLISH is sent: the echo is certain to come.)
        var viaRedis = local is { Queue: not null } && IsLive(subscriber, channel);
        if (local is not null)
            lock (local.Sync) local.InFlight[sequence] = new InFlightMessage(sequence, payload, Environment.TickCount64);

        try
        {
            await subscriber.PublishAsync(channel, payload);
            if (Interlocked.Exchange(ref _publishFailing, 0) == 1) _logger.LogInformation("Publishing to Redis works again");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _publishFailing, 1) == 0)
                _logger.LogWarning(ex, "Publishing to Redis failed (topic {Topic}); messages reach this server's subscribers only until Redis is back", topic);
            else
                _logger.LogDebug("Publishing to Redis failed again (topic {Topic}): {Error}", topic, ex.Message);
            viaRedis = false;
        }
        if (local is not null && !viaRedis) DeliverDirectly(local, upTo: sequence);
    }

    /// <summary>A message from Redis on <paramref name="channel"/>: decoded, then queued unless it is our own and already delivered.</summary>
    private Task OnRedisMessageAsync(TopicChannel channel, ChannelMessage received)
    {
        var bytes = (ReadOnlyMemory<byte>)received.Message;
        if (!_codec.TryDecode(bytes, out var envelope, out var error))
        {
            LogDropped(channel.Topic, error!);
            return Task.CompletedTask;
        }
        lock (channel.Sync)
        {
            if (envelope.Node == Node && channel.InFlight.Remove(envelope.Sequence, out var own) && own.Delivered) return Task.CompletedTask;
            channel.Enqueue(envelope.Message);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Delivers this server's own undelivered messages of <paramref name="channel"/> without waiting for Redis: those up to
    /// sequence <paramref name="upTo"/> (all with <see cref="long.MaxValue"/>) published before <paramref name="sentBefore"/>,
    /// in sequence order, keeping each as delivered so its echo, if it still comes, is skipped.
    /// </summary>
    private void DeliverDirectly(TopicChannel channel, long upTo = long.MaxValue, long sentBefore = long.MaxValue)
    {
        lock (channel.Sync)
        {
            if (channel.InFlight.Count == 0) return;
            var now = Math.Max(1, Environment.TickCount64);
            foreach (var entry in channel.InFlight.Values.Where(e => !e.Delivered && e.Sequence <= upTo && e.SentAtTicks < sentBefore).OrderBy(e => e.Sequence).ToList())
            {
                entry.DeliveredAtTicks = now;
                if (_codec.TryDecode(entry.Payload, out var envelope, out var error)) channel.Enqueue(envelope.Message);
                else LogDropped(channel.Topic, error!); // cannot happen for what Encode wrote; logged rather than thrown
            }
        }
    }

    /// <summary>Brings the Redis subscription of <paramref name="channel"/> in line with whether it has subscribers. Serialized.</summary>
    private async Task ReconcileAsync(TopicChannel channel)
    {
        await _subscriptionGate.WaitAsync();
        try
        {
            if (!channel.Closed && channel.Queue is null)
            {
                var multiplexer = _connection.Current ?? await _connection.GetAsync();
                // While Redis is down, wait for the restore event rather than queue a subscribe that fails at once.
                if (!multiplexer.IsConnected) return;
                var subscriber = multiplexer.GetSubscriber();
                try
                {
                    var queue = await subscriber.SubscribeAsync(channel.Channel);
                    queue.OnMessage(m => OnRedisMessageAsync(channel, m));
                    channel.Queue = queue;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    _logger.LogDebug(ex, "Subscribing to topic {Topic} in Redis failed; retried when the connection is restored", channel.Topic);
                    // StackExchange.Redis registered the queue before the server call failed: drop it, or it would fill forever.
                    try { await subscriber.UnsubscribeAsync(channel.Channel); } catch (Exception) { /* disconnected: the registration is gone either way */ }
                }
            }
            else if (channel.Closed && channel.Queue is { } queue)
            {
                channel.Queue = null;
                try { await queue.UnsubscribeAsync(); }
                catch (Exception ex) { _logger.LogDebug(ex, "Unsubscribing from topic {Topic} in Redis failed", channel.Topic); }
            }
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Updating the Redis subscription of topic {Topic} failed", channel.Topic);
        }
        finally
        {
            _subscriptionGate.Release();
            channel.FirstAttempt.TrySetResult();
        }
    }

    private void Unsubscribe(TopicChannel channel, Func<string, object, Task> handler)
    {
        lock (_topicLock)
        {
            if (!channel.Remove(handler)) return;
            _topics.TryRemove(KeyValuePair.Create(channel.Topic, channel));
        }
        _ = ReconcileAsync(channel);
    }

    private void OnConnectionFailed()
    {
        // Echoes of messages already sent will not come over a broken connection: deliver them here now.
        foreach (var channel in _topics.Values) DeliverDirectly(channel);
    }

    private void OnConnectionRestored()
    {
        // Subscriptions that existed are resubscribed by StackExchange.Redis; those made while down are made now.
        foreach (var channel in _topics.Values)
            if (channel.Queue is null) _ = ReconcileAsync(channel);
    }

    /// <summary>Every 500 ms: delivers own messages whose echo is overdue and forgets old tombstones.</summary>
    private void Sweep()
    {
        try
        {
            var now = Environment.TickCount64;
            foreach (var channel in _topics.Values)
            {
                bool overdue;
                lock (channel.Sync)
                {
                    if (channel.InFlight.Count == 0) continue;
                    overdue = channel.InFlight.Values.Any(e => !e.Delivered && now - e.SentAtTicks >= _echoTimeoutMs);
                    foreach (var entry in channel.InFlight.Values.Where(e => e.Delivered && now - e.DeliveredAtTicks >= TombstoneLifetime.TotalMilliseconds).ToList())
                        channel.InFlight.Remove(entry.Sequence);
                }
                if (!overdue) continue;
                _logger.LogWarning("Redis did not deliver this server's messages on topic {Topic} back within {Timeout} ms; delivering them directly", channel.Topic, _echoTimeoutMs);
                DeliverDirectly(channel, sentBefore: now - _echoTimeoutMs + 1);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The backplane's in-flight sweep failed");
        }
    }

    /// <summary>Logs a dropped incoming message, at most once a second (a flood of garbage must not flood the log).</summary>
    private void LogDropped(string topic, string reason)
    {
        var dropped = Interlocked.Increment(ref _droppedSinceLog);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _lastDropLogTicks);
        if (now - last < 1000 || Interlocked.CompareExchange(ref _lastDropLogTicks, now, last) != last) return;
        Interlocked.Add(ref _droppedSinceLog, -dropped);
        _logger.LogWarning("Dropped a message from Redis on topic {Topic}: {Reason} ({Count} dropped since the last report)", topic, reason, dropped);
    }

    public async ValueTask DisposeAsync()
    {
        await _sweep.DisposeAsync();
        Dispose();
    }

    /// <summary>Stops the sweep and stops listening to the connection (containers disposed synchronously call this).</summary>
    public void Dispose()
    {
        _sweep.Dispose();
        _connection.Failed -= OnConnectionFailed;
        _connection.Restored -= OnConnectionRestored;
    }

    private sealed class Subscription(RedisPubSub owner, TopicChannel channel, Func<string, object, Task> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Unsubscribe(channel, handler);
        }
    }
}
