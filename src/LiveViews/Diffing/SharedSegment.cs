using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace LiveViews.Diffing;

/// <summary>
/// The HTML of one segment (what its template wrote between the segment markers), held once per process for every view
/// that renders exactly the same characters (<see cref="SegmentPool"/>), with its parses (<see cref="ParsedSegment"/>,
/// one per place it is parsed in). Held as UTF-8 (<see cref="Utf8Segment"/>), or, when a template wrote it and that is
/// smaller, as a shared shape and its values (<see cref="ShapedSegment"/>). Immutable but for its list of parses, which
/// grows by whole-array replacement (compare-and-swap), so views on other threads may read it at any time.
/// </summary>
/// <remarks>
/// As <see cref="IHtmlContent"/> it is what a memoized segment's helper returns: written during a connected render
/// (<see cref="SegmentReferenceSink"/>) it becomes a reference (its offset in the render's buffer, or a short marker)
/// that the view's tree resolves to this object, without copying or scanning its HTML again; written anywhere else it is
/// the full HTML with markers.
/// </remarks>
internal abstract class SharedSegment : IHtmlContent
{
    private object? _parses; // ParsedSegment or ParsedSegment[]

    /// <summary>The size of the HTML: its chars or its UTF-8 bytes, as held (the same for ASCII). For batching parses.</summary>
    public abstract int Length { get; }

    /// <summary>The HTML (made on each call; the segment keeps it in a compact form).</summary>
    public abstract string Html { get; }

    /// <summary>Whether <paramref name="html"/> is exactly this segment's HTML (ordinal, character by character).</summary>
    public abstract bool ContentEquals(ReadOnlySpan<char> html);

    /// <summary>The parse of this segment followed by <paramref name="whitespace"/> in <paramref name="context"/>, or null when not parsed yet.</summary>
    public ParsedSegment? FindParsed(SegmentContext context, ReadOnlySpan<char> whitespace)
    {
        switch (Volatile.Read(ref _parses))
        {
            case ParsedSegment one:
                return one.Matches(context, whitespace) ? one : null;
            case ParsedSegment[] many:
                foreach (var p in many)
                    if (p.Matches(context, whitespace)) return p;
                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Adds <paramref name="parsed"/> unless a parse for the same place was added meanwhile (by another view); returns
    /// the one kept, so every view shares one set of nodes.
    /// </summary>
    public ParsedSegment AddParsed(ParsedSegment parsed)
    {
        while (true)
        {
            var current = Volatile.Read(ref _parses);
            object next;
            switch (current)
            {
                case null:
                    next = parsed;
                    break;
                case ParsedSegment one:
                    if (one.Matches(parsed.Context, parsed.Whitespace)) return one;
                    next = new[] { one, parsed };
                    break;
                default:
                    var many = (ParsedSegment[])current;
                    foreach (var p in many)
                        if (p.Matches(parsed.Context, parsed.Whitespace)) return p;
                    next = (ParsedSegment[])[.. many, parsed];
                    break;
            }
            if (ReferenceEquals(Interlocked.CompareExchange(ref _parses, next, current), current)) return parsed;
        }
    }

    /// <summary>
    /// Inside a connected render (<see cref="SegmentReferenceSink.Current"/>), a reference: recorded at its place in the
    /// render's buffer when <paramref name="writer"/> writes straight into it, else a reference marker numbered by the
    /// render's sink; anywhere else (a static render, a template captured into a string) its HTML with segment markers.
    /// </summary>
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        // Razor hands this to its own buffering writers, which flush into the render's buffer in order.
        WriteTo(writer, SegmentReferenceSink.For(writer));
    }

    /// <summary>As <see cref="WriteTo(TextWriter, HtmlEncoder)"/>, with the writer's sink already found (<see cref="SegmentReferenceSink.For"/>).</summary>
    internal void WriteTo(TextWriter writer, SegmentReferenceSink? sink)
    {
        if (sink is not null)
        {
            if (!sink.TryAddInPlace(this, writer)) SegmentMarkers.WriteReference(writer, sink.Add(this));
            return;
        }
        writer.Write(SegmentMarkers.Start);
        writer.Write(Html);
        writer.Write(SegmentMarkers.End);
    }

    public override string ToString() => Html;
}
