using System.Buffers;
using Microsoft.AspNetCore.Mvc.ViewFeatures.Buffers;

namespace LiveViews.Rendering;

/// <summary>
/// MVC's view buffer pages for one connected render: rented from <see cref="ArrayPool{T}.Shared"/> (as MVC's own scope
/// does; a test may give another pool) and all given back, cleared, when the render ends (<see cref="Dispose"/>), so an
/// idle view holds none. MVC's scope is a scoped service that returns its pages only when its DI scope ends, and a
/// connected view's DI scope lives as long as the view; a DI scope per render to end it (created, resolved from and
/// disposed) was ~25 % of the samples of a 1,000-row toggle's render in a dotnet-trace of <c>LoadGen serial --rows
/// 1000</c>, and the round trip fell 8–12 % without it. Not thread-safe: a render runs
/// one step at a time.
/// </summary>
internal sealed class RenderBufferScope(ArrayPool<ViewBufferValue>? pool = null) : IViewBufferScope, IDisposable
{
    private const int MinimumPageSize = 16;
    private readonly ArrayPool<ViewBufferValue> _pool = pool ?? ArrayPool<ViewBufferValue>.Shared;
    private readonly List<ViewBufferValue[]> _leased = [];
    private readonly List<ViewBufferValue[]> _returned = [];

    /// <summary>A page of at least <paramref name="pageSize"/> values: one the render gave back, else a rented one.</summary>
    public ViewBufferValue[] GetPage(int pageSize)
    {
        for (int i = _returned.Count - 1; i >= 0; i--)
        {
            var page = _returned[i];
            if (page.Length < pageSize) continue;
            _returned.RemoveAt(i);
            return page;
        }
        var rented = _pool.Rent(Math.Max(pageSize, MinimumPageSize));
        _leased.Add(rented);
        return rented;
    }

    /// <summary>Takes back a page the render no longer uses (cleared: it must not keep the render's content alive).</summary>
    public void ReturnSegment(ViewBufferValue[] segment)
    {
        Array.Clear(segment);
        _returned.Add(segment);
    }

    /// <summary>
    /// The writer a view's buffered body is copied into (MVC smooths writes to a response stream with a paged buffer):
    /// here the render's writer is a buffer already, so writes go straight to it; disposing this one leaves it open.
    /// </summary>
    public TextWriter CreateWriter(TextWriter writer) => new PassThroughWriter(writer);

    /// <summary>Gives every page back to the pool, cleared.</summary>
    public void Dispose()
    {
        foreach (var page in _leased)
        {
            Array.Clear(page);
            _pool.Return(page);
        }
        _leased.Clear();
        _returned.Clear();
    }
}
