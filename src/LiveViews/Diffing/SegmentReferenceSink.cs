namespace LiveViews.Diffing;

/// <summary>
/// Collects the <see cref="SharedSegment"/>s a connected render writes as reference markers
/// (<see cref="SegmentMarkers.ReferenceStart"/>): marker N names the N-th segment added. The render's writer is
/// wrapped by Razor's buffering writers, so the segment cannot find it; the sink is the render's ambient state instead
/// (<see cref="Current"/>, an <see cref="AsyncLocal{T}"/>: a nested render, e.g. a live component's, has its own).
/// </summary>
internal abstract class SegmentReferenceSink
{
    private static readonly AsyncLocal<SegmentReferenceSink?> Ambient = new();

    /// <summary>The sink of the connected render running on this async flow, or null.</summary>
    public static SegmentReferenceSink? Current => Ambient.Value;

    /// <summary>
    /// The sink a segment written to <paramref name="writer"/> records its reference in: <see cref="Current"/>, unless the
    /// writer is a capture (a <see cref="StringWriter"/> or a segment's writer: a template rendered into a string, whose
    /// text may go anywhere), which gets the HTML.
    /// </summary>
    public static SegmentReferenceSink? For(TextWriter writer) => writer is StringWriter or Rendering.SegmentWriter ? null : Current;

    /// <summary>Makes <paramref name="sink"/> current for the rest of the calling async method (and what it awaits).</summary>
    public static void Enter(SegmentReferenceSink? sink) => Ambient.Value = sink;

    /// <summary>Records <paramref name="segment"/> as the render's next reference and returns its number (its marker's).</summary>
    public abstract int Add(SharedSegment segment);

    /// <summary>
    /// When <paramref name="writer"/> writes straight into the render's buffer, records <paramref name="segment"/> as the
    /// render's next reference at the buffer's current end, with no marker in the text (nothing for the writer to write
    /// nor for the tree to search for and read back), and returns true; else false (the caller writes a marker).
    /// </summary>
    public abstract bool TryAddInPlace(SharedSegment segment, TextWriter writer);
}
