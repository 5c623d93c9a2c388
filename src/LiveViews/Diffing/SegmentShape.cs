using System.Runtime.InteropServices;

namespace LiveViews.Diffing;

/// <summary>
/// The static text of a segment template: what every row rendered by one template (one branch of it) writes alike, with
/// a hole for each value between two statics. A pooled segment made from a template's output (<see cref="SharedSegment"/>)
/// holds its shape, shared by every row of that shape in the process, and only its values: a to-do row of ~210 chars of
/// HTML keeps references to its id and title strings instead of its UTF-8 (~235 B). This is the statics/dynamics split
/// of Phoenix LiveView's rendered templates, found at run time: the statics are the runs the template wrote from string
/// literals (<see cref="SegmentRun.IsStatic"/>). Immutable.
/// </summary>
/// <remarks>
/// A row's values are held once each: holes showing the same text (the id in the row's <c>id</c>, <c>data-id</c> and
/// handler values) name one value, and which value each hole shows is part of the shape (<see cref="Holes"/>), so a row
/// of one id and one title holds two references.
/// </remarks>
internal sealed class SegmentShape
{
    /// <summary>Slots in the sharing table (a power of two).</summary>
    private const int Slots = 4096;

    private static readonly SegmentShape?[] s_slots = new SegmentShape?[Slots];

    private SegmentShape(string[] statics, byte[]? holes, int values, int hash)
    {
        Statics = statics;
        Holes = holes;
        ValueCount = values;
        Hash = hash;
        foreach (var s in statics) StaticLength += s.Length;
    }

    /// <summary>The static texts, one more than the holes: statics[0], hole 0, statics[1], …, hole n-1, statics[n]. Each may be empty.</summary>
    public string[] Statics { get; }

    /// <summary>For each hole, the index of the value it shows; null when hole i shows value i (no value repeats).</summary>
    public byte[]? Holes { get; }

    /// <summary>Distinct values a row of this shape holds.</summary>
    public int ValueCount { get; }

    /// <summary>Chars of all statics together.</summary>
    public int StaticLength { get; }

    private int Hash { get; }

    /// <summary>At most this many distinct values per row (a hole names its value in a byte).</summary>
    private const int MaxValues = 255;

    /// <summary>
    /// Splits <paramref name="html"/>, written as <paramref name="runs"/> (in order, covering it), into a shared shape and
    /// its distinct values (<paramref name="values"/>), or returns null when a <see cref="ShapedSegment"/> would hold it
    /// in more memory than its UTF-8 (<paramref name="utf8Length"/> bytes): few statics, many values. A value written as
    /// one string is kept by reference; a value equal to an earlier one of the row is kept once.
    /// </summary>
    public static SegmentShape? Split(ReadOnlySpan<char> html, ReadOnlySpan<SegmentRun> runs, int utf8Length, out string[]? values)
    {
        values = null;
        int holes = 0;
        bool previousStatic = true;
        foreach (var run in runs)
        {
            if (!run.IsStatic && previousStatic) holes++;
            previousStatic = run.IsStatic;
        }
        if (holes == 0) return null;

        var statics = new string[holes + 1];
        var distinct = new List<string>(Math.Min(holes, 8));
        var holeValues = new byte[holes];
        bool repeats = false;
        // Against the UTF-8 array's header and bytes: each distinct value's string (counted even when it is the app's
        // own, which the row may outlive), the array holding them past two, and the two fields a ShapedSegment has
        // besides a Utf8Segment's one.
        long cost = 16;
        int staticIndex = 0, hole = 0;
        for (int i = 0; i < runs.Length;)
        {
            bool isStatic = runs[i].IsStatic;
            int from = i, start = runs[i].Start, length = 0;
            while (i < runs.Length && runs[i].IsStatic == isStatic) length += runs[i++].Length;
            var text = html.Slice(start, length);
            if (isStatic)
            {
                statics[staticIndex++] = i - from == 1 && runs[from].Source is { } literal ? literal : text.ToString();
                continue;
            }
            if (staticIndex == hole) statics[staticIndex++] = ""; // the segment starts with a value
            int index = distinct.Count - 1;
            while (index >= 0 && !text.SequenceEqual(distinct[index])) index--;
            if (index < 0)
            {
                if (distinct.Count == MaxValues) return null;
                var value = i - from == 1 && runs[from].Source is { } written ? written : text.ToString();
                cost += (20 + 2L * (value.Length + 1) + 7) & ~7; // a string: header, length, chars, terminator, in 8-byte steps
                index = distinct.Count;
                distinct.Add(value);
            }
            repeats |= index != hole;
            holeValues[hole++] = (byte)index;
        }
        if (staticIndex == hole) statics[staticIndex] = ""; // the segment ends with a value
        if (distinct.Count > 2) cost += 24 + 8L * distinct.Count;
        if (cost >= 24 + utf8Length) return null;
        values = distinct.ToArray();
        return Share(statics, repeats ? holeValues : null, distinct.Count);
    }

    /// <summary>The process's shape with these statics and holes (found in the slot their hash names), or a new one put there.</summary>
    private static SegmentShape Share(string[] statics, byte[]? holes, int values)
    {
        var hasher = new HashCode();
        foreach (var s in statics)
        {
            hasher.Add(s.Length);
            hasher.AddBytes(MemoryMarshal.AsBytes(s.AsSpan()));
        }
        if (holes is not null) hasher.AddBytes(holes);
        int hash = hasher.ToHashCode();
        ref var slot = ref s_slots[hash & (Slots - 1)];
        // A reference is read and written whole: a racing render sees one shape or the other, both equal to what it wrote.
        var shared = Volatile.Read(ref slot);
        if (shared is not null && shared.Hash == hash && shared.ValueCount == values && shared.Statics.AsSpan().SequenceEqual(statics)
            && (shared.Holes is null ? holes is null : holes is not null && shared.Holes.AsSpan().SequenceEqual(holes)))
            return shared;
        var created = new SegmentShape(statics, holes, values, hash);
        Volatile.Write(ref slot, created);
        return created;
    }
}
