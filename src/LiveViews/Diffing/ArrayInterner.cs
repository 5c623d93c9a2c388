namespace LiveViews.Diffing;

/// <summary>
/// A process-wide table of immutable arrays by content (hash-consing), for the large lists a view keeps between renders
/// (a composed element's children, its parsed segments by position, a memo generation): many views of the same page
/// build them element for element identical, and then hold one copy.
/// <para>
/// Safety: an array is found only by comparing every element with <see cref="IEqualityComparer{T}"/> after the hash (a
/// randomized <see cref="HashCode"/>, so colliding inputs cannot be precomputed). Callers intern only arrays whose
/// elements are shared objects compared by reference (or built-in values), so a view receives exactly what it built
/// itself. An interned array must never be written.
/// </para>
/// <para>
/// Eviction: entries are weak; an array lives while some view holds it. Dead entries are dropped by lookups that meet
/// them and by a sweep whenever the table has doubled since the last one. Thread-safe (one lock, held for a lookup and
/// an insert; hashing happens outside it).
/// </para>
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class ArrayInterner<T>
{
    /// <summary>Arrays shorter than this are copied, not interned: their table entry would cost about what they save.</summary>
    public const int MinLength = 32;

    /// <summary>Elements a hash reads (<see cref="Hash"/>).</summary>
    public const int SampledElements = 16;

    private const int MinSweep = 256;
    private readonly IEqualityComparer<T> _comparer;
    private readonly Lock _lock = new();
    private readonly Dictionary<int, List<WeakReference<T[]>>> _buckets = new();
    private int _count;
    private int _sweepAt = MinSweep;

    /// <summary>Creates a table comparing elements with <paramref name="comparer"/> (<see cref="ReferenceEqualityComparer.Instance"/> for shared objects).</summary>
    public ArrayInterner(IEqualityComparer<T> comparer) => _comparer = comparer;

    /// <summary>Entries in the table, dead ones not swept yet included.</summary>
    public int Count { get { lock (_lock) return _count; } }

    /// <summary>
    /// An array equal to <paramref name="items"/> that other callers may share: one already in the table, else a new
    /// exact-size copy, added (below <see cref="MinLength"/>, a copy that is not added). The caller must not write it.
    /// </summary>
    public T[] Intern(ReadOnlySpan<T> items) => Intern(items, out _);

    /// <summary>As <see cref="Intern(ReadOnlySpan{T})"/>; <paramref name="found"/> tells whether another caller had it already.</summary>
    public T[] Intern(ReadOnlySpan<T> items, out bool found)
    {
        found = false;
        if (items.IsEmpty) return [];
        if (items.Length < MinLength) return items.ToArray();
        int hash = Hash(items);
        lock (_lock)
        {
            if (_buckets.TryGetValue(hash, out var bucket))
            {
                for (int i = bucket.Count - 1; i >= 0; i--)
                {
                    if (!bucket[i].TryGetTarget(out var existing))
                    {
                        bucket.RemoveAt(i);
                        _count--;
                    }
                    else if (SequenceEqual(existing, items))
                    {
                        found = true;
                        return existing;
                    }
                }
            }
            else _buckets[hash] = bucket = new List<WeakReference<T[]>>(1);
            var created = items.ToArray();
            bucket.Add(new WeakReference<T[]>(created));
            if (++_count >= _sweepAt) SweepLocked();
            return created;
        }
    }

    /// <summary>Drops the entries whose array has been collected; returns how many were dropped.</summary>
    public int Sweep()
    {
        lock (_lock) return SweepLocked();
    }

    /// <summary>
    /// The length and <see cref="SampledElements"/> elements spread over the array: hashing an element reads its object's
    /// header, a cache miss for each of a render's rows (which the render itself only compared by reference), so a hash of
    /// all of them cost a 1,000-row event ~40 µs per array. Arrays that differ elsewhere share a bucket and are told
    /// apart by the element-wise comparison, which compares references without reading the objects.
    /// </summary>
    private int Hash(ReadOnlySpan<T> items)
    {
        var hasher = new HashCode();
        hasher.Add(items.Length);
        int step = Math.Max(1, items.Length / SampledElements);
        for (int i = 0; i < items.Length; i += step) Add(ref hasher, items[i]);
        Add(ref hasher, items[^1]);
        return hasher.ToHashCode();
    }

    private void Add(ref HashCode hasher, T item) => hasher.Add(item is null ? 0 : _comparer.GetHashCode(item));

    private bool SequenceEqual(T[] existing, ReadOnlySpan<T> items)
    {
        if (existing.Length != items.Length) return false;
        for (int i = 0; i < items.Length; i++)
        {
            var (a, b) = (existing[i], items[i]);
            if (a is null ? b is not null : b is null || !_comparer.Equals(a, b)) return false;
        }
        return true;
    }

    private int SweepLocked()
    {
        int dropped = 0;
        List<int>? empty = null;
        foreach (var (hash, bucket) in _buckets)
        {
            dropped += bucket.RemoveAll(w => !w.TryGetTarget(out _));
            if (bucket.Count == 0) (empty ??= []).Add(hash);
        }
        if (empty is not null)
            foreach (var hash in empty) _buckets.Remove(hash);
        _count -= dropped;
        _sweepAt = Math.Max(MinSweep, _count * 2);
        return dropped;
    }
}
