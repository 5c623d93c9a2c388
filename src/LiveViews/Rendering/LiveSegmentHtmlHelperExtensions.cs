
using LiveViews.Diffing;

namespace Microsoft.AspNetCore.Mvc.Rendering;

/// <summary>Template helpers for live views.</summary>
public static class LiveSegmentHtmlHelperExtensions
{
    /// <summary>
    /// Marks a repeated part of a template (typically one row of a list) as a segment:
    /// <c>@using (Html.LiveSegment()) { &lt;li id="todo-@t.Id"&gt;…&lt;/li&gt; }</c>.
    /// After an event only the segments whose HTML changed are parsed again, so an event on a 1,000-row list costs
    /// about as much as on a 10-row one. Segments do not nest. Their markers never reach the browser.
    /// </summary>
    public static IDisposable LiveSegment(this IHtmlHelper html)
    {
        var writer = html.ViewContext.Writer;
        writer.Write(SegmentMarkers.Start);
        return new SegmentScope(writer);
    }

    private sealed class SegmentScope(TextWriter writer) : IDisposable
    {
        private bool _closed;
        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            writer.Write(SegmentMarkers.End);
        }
    }
}
