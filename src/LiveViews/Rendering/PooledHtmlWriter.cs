using System.Buffers;
using System.Text;

namespace LiveViews.Rendering;

/// <summary>
/// A <see cref="TextWriter"/> over a buffer rented from <see cref="ArrayPool{T}.Shared"/>, so a render of a large page
/// (a 1,000-row list is ~230,000 chars) neither grows a <see cref="StringBuilder"/> nor allocates the page as a
/// string on the large object heap: the diff reads <see cref="Written"/> in place. Dispose returns the buffer.
/// Not thread-safe.
/// </summary>
internal sealed class PooledHtmlWriter : TextWriter
{
    private char[] _buffer;
    private int _length;
    private bool _disposed;

    /// <param name="initialCapacity">Chars to rent up front; the buffer doubles (rent, copy, return) when full.</param>
    public PooledHtmlWriter(int initialCapacity = 4096) => _buffer = ArrayPool<char>.Shared.Rent(initialCapacity);

    /// <summary>Chars written so far. Valid until the next write or <see cref="TextWriter.Dispose()"/>.</summary>
    public ReadOnlySpan<char> Written => _buffer.AsSpan(0, _length);

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

    /// <summary>The text written, as a new string.</summary>
    public override string ToString() => new(Written);

    protected override void Dispose(bool disposing)
    {
        if (!_disposed)
        {
            _disposed = true;
            ArrayPool<char>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }
        base.Dispose(disposing);
    }

    private void Reserve(int count)
    {
        if (_length + count <= _buffer.Length) return;
        ObjectDisposedException.ThrowIf(_disposed, this);
        var larger = ArrayPool<char>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + count));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<char>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
