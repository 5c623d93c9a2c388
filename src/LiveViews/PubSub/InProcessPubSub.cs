using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.Logging;

namespace LiveViews.PubSub;

/// <summary>In-process <see cref="ILivePubSub"/>: subscribers of one server. Copy-on-write lists keep publishing lock-free.</summary>
internal sealed class InProcessPubSub(ILogger<InProcessPubSub> logger) : ILivePubSub
{
    private readonly ConcurrentDictionary<string, ImmutableList<Subscription>> _topics = new(StringComparer.Ordinal);

    public IDisposable Subscribe(string topic, Func<string, object, Task> handler)
    {
        var subscription = new Subscription(this, topic, handler);
        _topics.AddOrUpdate(topic, _ => [subscription], (_, list) => list.Add(subscription));
        return subscription;
    }

    public async Task PublishAsync(string topic, object message)
    {
        if (!_topics.TryGetValue(topic, out var subscribers)) return;
        foreach (var subscriber in subscribers)
        {
            try { await subscriber.Handler(topic, message); }
            catch (Exception ex) { logger.LogError(ex, "A subscriber of topic {Topic} failed", topic); }
        }
    }

    /// <summary>Number of live subscriptions of a topic (for tests and diagnostics).</summary>
    public int CountSubscribers(string topic) => _topics.TryGetValue(topic, out var list) ? list.Count : 0;

    private void Remove(Subscription subscription) =>
        _topics.AddOrUpdate(subscription.Topic, _ => [], (_, list) => list.Remove(subscription));

    private sealed class Subscription(InProcessPubSub owner, string topic, Func<string, object, Task> handler) : IDisposable
    {
        private int _disposed;
        public string Topic { get; } = topic;
        public Func<string, object, Task> Handler { get; } = handler;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(this);
        }
    }
}
