using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using LiveViews.Diffing;

namespace LiveViews.Rendering;

/// <summary>
/// A <see cref="TextWriter"/> over a buffer rented from a pool of render buffers, so a render of a large page
/// (a 1,000-row list is ~230,000 chars) neither grows a <see cref="StringBuilder"/> nor allocates the page as a
/// string on the large object heap: the diff reads <see cref="Written"/> in place. In a connected render it also collects
/// the memoized segments written as references (<see cref="ReferenceSink"/>) instead of the row's HTML: an offset into
/// the buffer when written straight into it, else a marker of a dozen chars. Dispose returns the buffer. Not thread-safe.
/// <para>
/// The pool is this writer's own, bounded for the process to a few free arrays per size, of up to 64 K chars:
/// <see cref="ArrayPool{T}.Shared"/> caches a free array per size and thread besides its per-core stacks, so every
/// thread that once rendered a large page would keep page-sized buffers (0.5 MB and more for 1,000 rows) for as long as
/// it lives.
/// </para>
/// </summary>
internal sealed class PooledHtmlWriter : TextWriter
{
    private const int LargeChars = 64 * 1024;
    // Buffers of up to 64 K chars (every connected render of a page with memoized rows): a few per core. Larger ones
    // (the static render of a 1,000-row page, a render that changed every row) are not pooled: such a render allocates
    // and parses megabytes anyway, and a pool would keep its buffers after the last large page went away.
    private static readonly ArrayPool<char> Small = ArrayPool<char>.Create(LargeChars, 2 * Environment.ProcessorCount);

    private char[] _buffer;
    private int _length;
    private bool _disposed;
    private readonly ReferenceList? _references;

    /// <param name="initialCapacity">Chars to rent up front; the buffer doubles (rent, copy, return) when full.</param>
    /// <param name="collectReferences">True for a connected render, whose tree resolves reference markers.</param>
    /// <param name="referenceCapacity">References to make room for up front (the last render's count), as the chars.</param>
    public PooledHtmlWriter(int initialCapacity = 4096, bool collectReferences = false, int referenceCapacity = 0)
    {
        _buffer = Rent(initialCapacity);
        if (collectReferences) _references = new ReferenceList(this, referenceCapacity);
    }

    /// <summary>Chars written so far. Valid until the next write or <see cref="TextWriter.Dispose()"/>.</summary>
    public ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

    /// <summary>Where a connected render records its references (make it current while the render runs), or null.</summary>
    public SegmentReferenceSink? ReferenceSink => _references;

    /// <summary>
    /// The segments the render referenced, in order (reference N is element N): a marker in <see cref="Written"/> names
    /// one, and so does an offset of <see cref="ReferencePositions"/>. Valid until <see cref="TextWriter.Dispose()"/>,
    /// which returns its array to the pool.
    /// </summary>
    public IReadOnlyList<SharedSegment> References => (IReadOnlyList<SharedSegment>?)_references ?? [];

    /// <summary>
    /// Where in <see cref="Written"/> each reference stands (offset in chars), for those recorded in place
    /// (<see cref="SegmentReferenceSink.TryAddInPlace"/>); -1 for one written as a marker. Empty when every reference is a
    /// marker. Valid as <see cref="References"/>.
    /// </summary>
    public ReadOnlySpan<int> ReferencePositions => _references is { InPlace: > 0 } list ? list.Positions : default;

    /// <summary>
    /// The references of one render and where each stands, in arrays from <see cref="ArrayPool{T}.Shared"/> (a 1,000-row
    /// render writes 1,000: a list grown from empty would copy and drop four arrays per render), cleared when returned.
    /// </summary>
    private sealed class ReferenceList(PooledHtmlWriter owner, int capacity) : SegmentReferenceSink, IReadOnlyList<SharedSegment>
    {
        private SharedSegment[] _items = capacity > 0 ? ArrayPool<SharedSegment>.Shared.Rent(capacity) : [];
        private int[] _positions = capacity > 0 ? ArrayPool<int>.Shared.Rent(capacity) : [];

        public int Count { get; private set; }

        /// <summary>How many references were recorded in place.</summary>
        public int InPlace { get; private set; }

        public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

        public SharedSegment this[int index] => (uint)index < (uint)Count ? _items[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public override int Add(SharedSegment segment) => Add(segment, -1);

        public override bool TryAddInPlace(SharedSegment segment, TextWriter writer)
        {
            // Only a writer with nothing of its own buffered: the buffer's end is then where the segment stands.
            if (!ReferenceEquals(writer, owner) && !(writer is PassThroughWriter pass && ReferenceEquals(pass.Inner, owner))) return false;
            Add(segment, owner._length);
            InPlace++;
            return true;
        }

        private int Add(SharedSegment segment, int position)
        {
            if (Count == _items.Length)
            {
                var larger = ArrayPool<SharedSegment>.Shared.Rent(Math.Max(64, Count * 2));
                _items.AsSpan(0, Count).CopyTo(larger);
                if (_items.Length > 0) ArrayPool<SharedSegment>.Shared.Return(_items, clearArray: true);
                _items = larger;
                var positions = ArrayPool<int>.Shared.Rent(larger.Length);
                _positions.AsSpan(0, Count).CopyTo(positions);
                if (_positions.Length > 0) ArrayPool<int>.Shared.Return(_positions);
                _positions = positions;
            }
            // Without the covariance check of `_items[i] = segment`: the pool's arrays of SharedSegment are exactly that type.
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_items), Count) = segment;
            _positions[Count] = position;
            return Count++;
        }

        /// <summary>Returns the arrays, the segments' cleared (what kept the render's context must not keep its rows alive).</summary>
        public void Release()
        {
            if (_items.Length > 0) ArrayPool<SharedSegment>.Shared.Return(_items, clearArray: true);
            if (_positions.Length > 0) ArrayPool<int>.Shared.Return(_positions);
            _items = [];
            _positions = [];
            Count = InPlace = 0;
        }

        public IEnumerator<SharedSegment> GetEnumerator()
        {
            for (int i = 0; i < Count; i++) yield return _items[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The text written, with each reference expanded to its segment's HTML (markers included).</summary>
    public string ToExpandedString() => SegmentMarkers.ExpandReferences(ToString(), _references);

    /// <summary>The text written, with a reference marker where each reference recorded in place stands (<see cref="SegmentMarkers.WithMarkers"/>).</summary>
    public override string ToString() => SegmentMarkers.WithMarkers(Written, ReferencePositions);

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(char value)
    {
        Reserve(1);
        _buffer[_length++] = value;
    }

    public override void Write(string? value) => Write(value.AsSpan());

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> value)
    {
        Reserve(value.Length);
        value.CopyTo(_buffer.AsSpan(_length));
        _length += value.Length;
    }

    public override Task WriteAsync(char value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(string? value)
    {
        Write(value);
        return Task.CompletedTask;
    }

    public override Task WriteAsync(char[] buffer, int index, int count)
    {
        Write(buffer.AsSpan(index, count));
        return Task.CompletedTask;
    }

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return Task.CompletedTask;
    }

    public override Task FlushAsync() => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            Return(_buffer);
            _buffer = [];
            _length = 0;
            _references?.Release();
        }
        base.Dispose(disposing);
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length) return;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var larger = Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        Return(_buffer);
        _buffer = larger;
    }

    private static char[] Rent(int length) => length > LargeChars ? GC.AllocateUninitializedArray<char>(length) : Small.Rent(length);

    private static void Return(char[] buffer)
    {
        if (buffer.Length <= LargeChars) Small.Return(buffer);
    }
}
