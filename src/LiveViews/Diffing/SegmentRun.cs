namespace LiveViews.Diffing;

/// <summary>
/// A run of a segment's characters as its template wrote them (<see cref="Rendering.SegmentWriter"/>): either the
/// template's own text (<see cref="IsStatic"/>: string literals of the compiled view) or a value it wrote.
/// </summary>
/// <param name="Start">Offset of the run in the segment's HTML, in chars.</param>
/// <param name="Length">Length of the run, in chars (at least 1).</param>
/// <param name="IsStatic">True when every character came from a string literal.</param>
/// <param name="Source">The one string written for the whole run, when there was one (kept by reference instead of copied), else null.</param>
internal readonly record struct SegmentRun(int Start, int Length, bool IsStatic, string? Source);
