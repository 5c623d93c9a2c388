using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace LiveViews.Diffing;

/// <summary>
/// The process-wide table of <see cref="SharedSegment"/>s by content (hash-consing): every view that renders a segment
/// with exactly the same HTML gets the same object, so many users looking at the same list hold its rows' HTML and
/// parsed nodes once.
/// <para>
/// Safety: a segment is found only by comparing its whole content, byte for byte, after the hash (a randomized
/// <see cref="HashCode"/>, so colliding inputs cannot be precomputed); a view therefore only ever receives a segment
/// whose HTML is exactly what it rendered itself. Segments holding anything view-specific are never pooled: a live
/// component's placeholder (it names that view's component) or any framework marker, and text that is not valid UTF-16
/// (it would not round-trip through UTF-8).
/// </para>
/// <para>
/// Eviction: the table holds its segments weakly (one weak GC handle each). A segment lives as long as some view's
/// memo or tree refers to it; dead entries are dropped on lookups that meet them and by a sweep whenever the table has
/// doubled since the last one, so the table's size follows the segments in use. Thread-safe (one lock, held for a
/// lookup or an insert, never while parsing).
/// </para>
/// </summary>
internal sealed class SegmentPool
{
    private const int MinSweep = 1024;

    /// <summary>The pool every view uses.</summary>
    public static SegmentPool Shared { get; } = new();

    private readonly Lock _lock = new();
    private int[] _buckets = new int[64];   // 1-based entry index; 0 = empty
    private Entry[] _entries = new Entry[64];
    private int _used;                      // slots handed out (live, dead or free)
    private int _free = -1;                 // free-list head
    private int _count;                     // entries in the table (live or not yet swept)
    private int _sweepAt = MinSweep;

    private struct Entry
    {
        public int Hash;
        public int Next;      // 1-based; 0 = end; for a free slot, the next free slot (0-based, -1 = end)
        public GCHandle Handle;
    }

    /// <summary>Entries in the table, including dead ones not swept yet.</summary>
    public int Count { get { lock (_lock) return _count; } }

    /// <summary>Entries whose segment is still alive.</summary>
    public int LiveCount
    {
        get
        {
            lock (_lock)
            {
                int live = 0;
                for (int i = 0; i < _used; i++)
                    if (_entries[i].Handle.IsAllocated && _entries[i].Handle.Target is not null) live++;
                return live;
            }
        }
    }

    /// <summary>
    /// The shared segment whose HTML is <paramref name="html"/> (added when new), or null when it must not be pooled:
    /// it contains a framework marker (<c>&lt;!--lv:</c>, e.g. a live component's placeholder) or is not valid UTF-16.
    /// </summary>
    /// <param name="html">The segment's HTML, without markers.</param>
    /// <param name="runs">
    /// How a template wrote it (<see cref="Rendering.SegmentWriter.Runs"/>), or empty: a new segment is then held as its
    /// shape and values when that is smaller than its UTF-8 (<see cref="SegmentShape.Split"/>).
    /// </param>
    public SharedSegment? Intern(ReadOnlySpan<char> html, ReadOnlySpan<SegmentRun> runs = default)
    {
        if (html.IndexOf(SegmentMarkers.Prefix, StringComparison.Ordinal) >= 0) return null;
        if (!IsValidUtf16(html)) return null;
        var hasher = new HashCode();
        hasher.AddBytes(MemoryMarshal.AsBytes(html));
        int hash = hasher.ToHashCode();
        lock (_lock)
        {
            ref int bucket = ref _buckets[(uint)hash % (uint)_buckets.Length];
            int previous = 0;
            for (int i = bucket; i != 0;)
            {
                ref var entry = ref _entries[i - 1];
                int next = entry.Next;
                if (entry.Handle.Target is not SharedSegment segment)
                {
                    // Dead: unlink and free it here.
                    if (previous == 0) bucket = next; else _entries[previous - 1].Next = next;
                    FreeSlot(i - 1);
                }
                else
                {
                    if (entry.Hash == hash && segment.ContentEquals(html)) return segment;
                    previous = i;
                }
                i = next;
            }
            int utf8Length = System.Text.Encoding.UTF8.GetByteCount(html);
            var created = !runs.IsEmpty && SegmentShape.Split(html, runs, utf8Length, out var values) is { } shape
                ? new ShapedSegment(shape, values!)
                : (SharedSegment)new Utf8Segment(ToUtf8(html, utf8Length));
            if (_count >= _sweepAt) SweepLocked();
            Add(created, hash);
            return created;
        }
    }

    /// <summary>Whether <paramref name="text"/> has no lone surrogate (which would not round-trip through UTF-8).</summary>
    private static bool IsValidUtf16(ReadOnlySpan<char> text)
    {
        // Surrogates are rare in markup: the exact check only when there are some.
        int at = text.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (at < 0) return true;
        for (text = text[at..]; !text.IsEmpty;)
        {
            if (System.Text.Rune.DecodeFromUtf16(text, out _, out int consumed) != System.Buffers.OperationStatus.Done) return false;
            text = text[consumed..];
        }
        return true;
    }

    private static byte[] ToUtf8(ReadOnlySpan<char> html, int length)
    {
        var utf8 = new byte[length];
        Utf8.FromUtf16(html, utf8, out _, out _, replaceInvalidSequences: false);
        return utf8;
    }

    /// <summary>Drops the entries whose segment has been collected; returns how many were dropped.</summary>
    public int Sweep()
    {
        lock (_lock) return SweepLocked();
    }

    /// <summary>Whether <paramref name="chars"/> encodes to exactly <paramref name="utf8"/>.</summary>
    internal static bool Utf8Equals(ReadOnlySpan<char> chars, ReadOnlySpan<byte> utf8)
    {
        byte[]? rented = null;
        int max = checked(chars.Length * 3);
        Span<byte> buffer = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return Utf8.FromUtf16(chars, buffer, out _, out int written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                && buffer[..written].SequenceEqual(utf8);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Add(SharedSegment segment, int hash)
    {
        if (_count >= _buckets.Length) Grow();
        int slot;
        if (_free >= 0)
        {
            slot = _free;
            _free = _entries[slot].Next;
        }
        else
        {
            if (_used == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
            slot = _used++;
        }
        ref int bucket = ref _buckets[(uint)hash % (uint)_buckets.Length];
        _entries[slot] = new Entry { Hash = hash, Next = bucket, Handle = GCHandle.Alloc(segment, GCHandleType.Weak) };
        bucket = slot + 1;
        _count++;
    }

    private void FreeSlot(int slot)
    {
        ref var entry = ref _entries[slot];
        entry.Handle.Free();
        entry = new Entry { Next = _free };
        _free = slot;
        _count--;
    }

    private int SweepLocked()
    {
        int dropped = 0;
        for (int b = 0; b < _buckets.Length; b++)
        {
            int previous = 0;
            for (int i = _buckets[b]; i != 0;)
            {
                ref var entry = ref _entries[i - 1];
                int next = entry.Next;
                if (entry.Handle.Target is null)
                {
                    if (previous == 0) _buckets[b] = next; else _entries[previous - 1].Next = next;
                    FreeSlot(i - 1);
                    dropped++;
                }
                else previous = i;
                i = next;
            }
        }
        _sweepAt = Math.Max(MinSweep, _count * 2);
        // Shrink after a large page went away, so the table does not keep its peak size.
        if (_buckets.Length > 256 && _count < _buckets.Length / 8) Rehash(Math.Max(64, _buckets.Length / 4));
        return dropped;
    }

    private void Grow() => Rehash(_buckets.Length * 2);

    private void Rehash(int size)
    {
        var live = new List<Entry>(_count);
        for (int b = 0; b < _buckets.Length; b++)
            for (int i = _buckets[b]; i != 0; i = _entries[i - 1].Next) live.Add(_entries[i - 1]);
        _buckets = new int[size];
        _entries = new Entry[Math.Max(size, live.Count)];
        _used = 0;
        _free = -1;
        foreach (var e in live)
        {
            ref int bucket = ref _buckets[(uint)e.Hash % (uint)size];
            _entries[_used] = e with { Next = bucket };
            bucket = ++_used;
        }
    }

    ~SegmentPool()
    {
        // Only pools made for tests go away; free their handles.
        for (int i = 0; i < _used; i++)
            if (_entries[i].Handle.IsAllocated) _entries[i].Handle.Free();
    }
}
