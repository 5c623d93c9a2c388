namespace LiveViews.Redis;

/// <summary>
/// A message this server published on a topic it subscribes to: delivered to its own subscribers when Redis sends it
/// back (so they see the order every server sees), or directly when Redis cannot (connection lost, echo timed out).
/// </summary>
internal sealed class InFlightMessage(long sequence, byte[] payload, long sentAtTicks)
{
    public long Sequence { get; } = sequence;

    /// <summary>The encoded envelope (decoded again for a direct delivery, so subscribers get the same copy either way).</summary>
    public byte[] Payload { get; } = payload;

    /// <summary><see cref="Environment.TickCount64"/> when it was published.</summary>
    public long SentAtTicks { get; } = sentAtTicks;

    /// <summary>
    /// When it was delivered without waiting for its echo (<see cref="Environment.TickCount64"/>), else 0. The entry is kept
    /// a while after that, so a late echo is recognized and not delivered twice.
    /// </summary>
    public long DeliveredAtTicks { get; set; }

    public bool Delivered => DeliveredAtTicks != 0;
}
