using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LiveViews.Diffing;

/// <summary>
/// Accumulates a child list the way the browser's DOM has it after parsing: adjacent text nodes merged
/// (they meet where a segment starts or ends next to text) and empty text nodes dropped. Reusable after
/// <see cref="ToArrayAndClear"/>.
/// </summary>
internal sealed class ChildListBuilder
{
    private VNode[] _items = new VNode[16];
    private int _count;

    public int Count => _count;

    public void Add(VNode node)
    {
        if (node is VText text)
        {
            if (text.Data.Length == 0) return;
            if (_count > 0 && _items[_count - 1] is VText last)
            {
                _items[_count - 1] = last.Concat(text);
                return;
            }
        }
        if (_count == _items.Length) Array.Resize(ref _items, _items.Length * 2);
        // Without the covariance check of `_items[i] = node` (a helper call per store, ~10 % of a 1,000-row event in perf):
        // _items is always created here as exactly VNode[], so any VNode may go in.
        Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), _count++) = node;
    }

    public void AddRange(VNode[] nodes)
    {
        foreach (var n in nodes) Add(n);
    }

    /// <summary>
    /// Returns the list and empties the builder (keeping its buffer): a new array, or with <paramref name="shared"/> one
    /// another view built identical (<see cref="ArrayInterner{T}"/>; never to be written).
    /// </summary>
    public VNode[] ToArrayAndClear(ArrayInterner<VNode>? shared = null)
    {
        if (_count == 0) return [];
        var items = _items.AsSpan(0, _count);
        var result = shared is null ? items.ToArray() : shared.Intern(items);
        items.Clear();
        _count = 0;
        return result;
    }
}
