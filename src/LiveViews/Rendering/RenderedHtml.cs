using LiveViews.Diffing;

namespace LiveViews.Rendering;

/// <summary>
/// A connected render of a template: its HTML, where reused memoized segments are reference markers
/// (<see cref="SegmentMarkers.ReferenceStart"/>), and the segments they name, in order.
/// </summary>
internal sealed record RenderedHtml(string Html, SharedSegment[] References)
{
    /// <summary>The HTML with every reference expanded (markers included), as a static render writes it.</summary>
    public string Expanded => SegmentMarkers.ExpandReferences(Html, References);
}
