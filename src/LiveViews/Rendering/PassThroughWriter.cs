using System.Text;

namespace LiveViews.Rendering;

/// <summary>
/// The writer a connected render's buffered body is copied into (<see cref="RenderBufferScope.CreateWriter"/>): every
/// write goes straight to <see cref="Inner"/>, the render's buffer, so a memoized segment written here can be recorded
/// at its place in that buffer (<see cref="PooledHtmlWriter"/>). Disposing it leaves the render's writer open.
/// </summary>
internal sealed class PassThroughWriter(TextWriter inner) : TextWriter
{
    /// <summary>The writer every write goes to.</summary>
    public TextWriter Inner { get; } = inner;

    public override Encoding Encoding => Inner.Encoding;
    public override void Write(char value) => Inner.Write(value);
    public override void Write(string? value) => Inner.Write(value);
    public override void Write(char[] buffer, int index, int count) => Inner.Write(buffer, index, count);
    public override void Write(ReadOnlySpan<char> buffer) => Inner.Write(buffer);
    public override Task WriteAsync(char value) => Inner.WriteAsync(value);
    public override Task WriteAsync(string? value) => Inner.WriteAsync(value);
    public override Task WriteAsync(char[] buffer, int index, int count) => Inner.WriteAsync(buffer, index, count);
    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) => Inner.WriteAsync(buffer, cancellationToken);
    public override void Flush() => Inner.Flush();
    public override Task FlushAsync() => Inner.FlushAsync();
    // Dispose and DisposeAsync leave the render's writer open (the base class closes nothing).
}
