using LiveViews.PubSub;

namespace LiveViews.Redis.Tests;

/// <summary>A pub/sub subscriber that records what it receives, in arrival order.</summary>
public sealed class Collector : IDisposable
{
    private readonly List<(string Topic, object Message)> _received = [];
    private readonly IDisposable _subscription;

    public Collector(ILivePubSub pubSub, string topic)
    {
        _subscription = pubSub.Subscribe(topic, (t, message) =>
        {
            lock (_received) _received.Add((t, message));
            return Task.CompletedTask;
        });
    }

    public List<object> Messages
    {
        get { lock (_received) return _received.Select(r => r.Message).ToList(); }
    }

    public List<string> Topics
    {
        get { lock (_received) return _received.Select(r => r.Topic).ToList(); }
    }

    public int Count
    {
        get { lock (_received) return _received.Count; }
    }

    public Task WaitForCountAsync(int count, int timeoutMs = 15_000, string? who = null) =>
        Eventually.TrueAsync(() => Count >= count, timeoutMs, $"{who ?? "subscriber"} to receive {count} messages (has {Count})");

    public void Dispose() => _subscription.Dispose();
}
