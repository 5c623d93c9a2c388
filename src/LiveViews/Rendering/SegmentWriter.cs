using System.Text;
using LiveViews.Diffing;

namespace LiveViews.Rendering;

/// <summary>
/// The <see cref="TextWriter"/> a memoized segment's template runs into: it keeps the characters, and the runs they came
/// in (<see cref="SegmentRun"/>), telling the template's own text from the values it wrote, so the pool can hold the row
/// as a shared shape and its values (<see cref="SegmentShape"/>). Razor writes a template's literal text as the compiled
/// view's string literals, which the runtime allocates on its non-GC heap (<see cref="GC.GetGeneration(object)"/> gives
/// <see cref="int.MaxValue"/> there, since .NET 8); any other string, and chars, are values. The split only decides how
/// compactly a row is held: its characters are the same either way. One per thread, reused (<see cref="Rent"/>); not
/// thread-safe.
/// </summary>
internal sealed class SegmentWriter : TextWriter
{
    [ThreadStatic] private static SegmentWriter? t_free;

    private char[] _chars = new char[512];
    private int _length;
    private SegmentRun[] _runs = new SegmentRun[32];
    private int _runCount;

    private SegmentWriter() { }

    /// <summary>This thread's free writer, emptied, or a new one when it is in use (a template rendering another segment inside).</summary>
    public static SegmentWriter Rent()
    {
        var writer = t_free ?? new SegmentWriter();
        t_free = null;
        return writer;
    }

    /// <summary>Gives <paramref name="writer"/> back for the thread's next segment (kept unless it grew past 16 K chars).</summary>
    public static void Return(SegmentWriter writer)
    {
        if (writer._chars.Length > 16 * 1024) return;
        writer._length = writer._runCount = 0;
        t_free = writer;
    }

    /// <summary>What was written.</summary>
    public ReadOnlySpan<char> Chars => _chars.AsSpan(0, _length);

    /// <summary>The runs it was written in, in order, covering <see cref="Chars"/>; adjacent values are separate runs.</summary>
    public ReadOnlySpan<SegmentRun> Runs => _runs.AsSpan(0, _runCount);

    public override Encoding Encoding => Encoding.Unicode;

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        bool literal = GC.GetGeneration(value) == int.MaxValue;
        if (literal && _runCount > 0 && _runs[_runCount - 1].IsStatic)
        {
            // Literals in a row (a tag's text, then an attribute's prefix) are one static run.
            ref var last = ref _runs[_runCount - 1];
            last = last with { Length = last.Length + value.Length, Source = null };
        }
        else AddRun(new SegmentRun(_length, value.Length, literal, value));
        Append(value);
    }

    public override void Write(char value) => Write(new ReadOnlySpan<char>(in value));

    public override void Write(char[] buffer, int index, int count) => Write(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer)
    {
        if (buffer.IsEmpty) return;
        // Chars come from an encoder writing a value in pieces: one value run.
        if (_runCount > 0 && _runs[_runCount - 1] is { IsStatic: false } last && last.Start + last.Length == _length)
            _runs[_runCount - 1] = last with { Length = last.Length + buffer.Length, Source = null };
        else AddRun(new SegmentRun(_length, buffer.Length, false, null));
        Append(buffer);
    }

    public override string ToString() => new(Chars);

    private void AddRun(SegmentRun run)
    {
        if (_runCount == _runs.Length) Array.Resize(ref _runs, _runs.Length * 2);
        _runs[_runCount++] = run;
    }

    private void Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _chars.Length) Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + text.Length));
        text.CopyTo(_chars.AsSpan(_length));
        _length += text.Length;
    }
}
