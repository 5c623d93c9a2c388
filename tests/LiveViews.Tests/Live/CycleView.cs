using System.Collections.Concurrent;

namespace LiveViews.Tests.Live;

/// <summary>
/// A view that records every instance it creates (weakly) and every disposal, so lifecycle tests can prove that
/// views die with their connection instead of inferring it from process-wide memory alone.
/// </summary>
public sealed class CycleView : LiveView, IDisposable
{
    private static readonly ConcurrentQueue<WeakReference<CycleView>> Instances = new();
    private static int _disposed;

    /// <summary>Rows rendered by the template, so a leaked view would retain a sizeable tree.</summary>
    public IReadOnlyList<int> Rows { get; } = Enumerable.Range(1, 50).ToArray();

    public CycleView() => Instances.Enqueue(new WeakReference<CycleView>(this));

    /// <summary>Instances created so far (including the ones rendered for a page request).</summary>
    public static int Created => Instances.Count;

    /// <summary>Instances whose <see cref="Dispose"/> ran.</summary>
    public static int Disposed => Volatile.Read(ref _disposed);

    /// <summary>Instances still reachable; call after a full blocking GC.</summary>
    public static int Alive => Instances.Count(reference => reference.TryGetTarget(out _));

    public override Task MountAsync(MountContext context)
    {
        Subscribe("cycle");
        return Task.CompletedTask;
    }

    [LiveEvent] public void Noop() { }

    public void Dispose() => Interlocked.Increment(ref _disposed);
}
