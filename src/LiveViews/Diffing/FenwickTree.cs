namespace LiveViews.Diffing;

/// <summary>
/// Binary indexed tree over 0/1 slots (Fenwick, 1994): "how many present slots lie before slot c" in O(log n).
/// The differ uses it to turn a planned child order into DOM indexes while nodes are moved and inserted.
/// </summary>
internal readonly struct FenwickTree(int size)
{
    private readonly int[] _tree = new int[size + 1];

    /// <summary>Adds <paramref name="delta"/> at slot <paramref name="index"/> (0-based).</summary>
    public void Add(int index, int delta)
    {
        for (int i = index + 1; i < _tree.Length; i += i & -i) _tree[i] += delta;
    }

    /// <summary>Sum of the slots before <paramref name="index"/> (0-based, exclusive).</summary>
    public int CountBefore(int index)
    {
        int sum = 0;
        for (int i = index; i > 0; i -= i & -i) sum += _tree[i];
        return sum;
    }
}
