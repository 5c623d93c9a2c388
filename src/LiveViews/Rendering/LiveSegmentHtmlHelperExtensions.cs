using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Razor;
using LiveViews.Components;
using LiveViews.Diffing;
using LiveViews.Rendering;

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

    /// <summary>
    /// A memoized segment: <c>@Html.LiveSegment((t.Id, t.Title, t.Done), @&lt;li id="todo-@item.Id"&gt;@item.Title&lt;/li&gt;)</c>.
    /// The template runs only when <paramref name="key"/> is not <see cref="object.Equals(object)">equal</see> to a key
    /// this call site rendered in the view's previous render; otherwise that render's HTML is reused, so an event on a
    /// 1,000-row list renders one row instead of 1,000 (what Phoenix LiveView's change tracking does for comprehensions).
    /// </summary>
    /// <typeparam name="TKey">
    /// Must determine everything the template writes: an immutable record, or a tuple of the values it shows. A mutable
    /// object compared by reference would keep showing its first rendering. The template receives it as <c>item</c>.
    /// </typeparam>
    /// <param name="html">The template's HTML helper; memoization needs a live view's render (elsewhere the template always runs).</param>
    /// <param name="key">The values the segment depends on.</param>
    /// <param name="template">A Razor template (<c>@&lt;tag&gt;…&lt;/tag&gt;</c>) rendering one segment; it should read only <c>item</c>.</param>
    /// <returns>
    /// The segment's HTML wrapped in segment markers (stripped before anything reaches the browser); in a connected render,
    /// the row shared by content with every view rendering the same HTML (<c>SegmentPool</c>), which the render buffer
    /// holds as a short reference instead of a copy.
    /// </returns>
    public static IHtmlContent LiveSegment<TKey>(this IHtmlHelper html, TKey key, Func<TKey, HelperResult> template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (ViewRenderState.Of(html.ViewContext) is not { } state) return new HtmlString(WithMarkers(Render(key, template)));
        return Memoized(html, state, TemplateSite.Of(template), key, template);
    }

    /// <summary>
    /// A list of memoized segments, one per item, as a loop of <see cref="LiveSegment{TKey}(IHtmlHelper, TKey, Func{TKey, HelperResult})"/>
    /// calls writes them: <c>@Html.LiveSegments(Model.Items, t =&gt; (t.Id, t.Title, t.Done), row)</c>, where <c>row</c> is a
    /// template declared once (<c>Func&lt;(int Id, string Title, bool Done), HelperResult&gt; row = @&lt;li&gt;…&lt;/li&gt;;</c>).
    /// The same HTML, the same memo and the same rules for the key; the rows are one value of the page's buffer instead of
    /// one each, so a render of a 1,000-row list that reuses its rows does about a third of the work of the loop
    /// (<c>bench/LiveViews.Benchmarks --loop</c>).
    /// </summary>
    /// <typeparam name="TItem">The items' type.</typeparam>
    /// <typeparam name="TKey">As for <c>LiveSegment</c>: everything the template writes, an immutable record or a tuple of values.</typeparam>
    /// <param name="html">The template's HTML helper.</param>
    /// <param name="items">The items, in the order their rows are written; enumerated once, while the helper runs.</param>
    /// <param name="key">The key of an item's row (the template receives it as <c>item</c>).</param>
    /// <param name="template">A Razor template rendering one row from its key.</param>
    /// <returns>The rows, to write once where the list goes; in a connected render it is good only during that render.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/>, <paramref name="key"/> or <paramref name="template"/> is null.</exception>
    public static IHtmlContent LiveSegments<TItem, TKey>(this IHtmlHelper html, IEnumerable<TItem> items, Func<TItem, TKey> key, Func<TKey, HelperResult> template)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(template);
        var state = ViewRenderState.Of(html.ViewContext);
        var site = state is null ? null : TemplateSite.Of(template);
        var rows = new SegmentList(items.TryGetNonEnumeratedCount(out int count) ? count : 16, pooled: state is not null);
        state?.ReleaseAfterRender(rows);
        if (state is not null && items is List<TItem> list && !typeof(TItem).IsValueType)
        {
            // The common case, a list of objects: the key reads each item, so the items ahead are asked for (Prefetch).
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list);
            for (int i = 0; i < span.Length; i++)
            {
                if (i + Prefetch.Distance < span.Length) Prefetch.Object(span[i + Prefetch.Distance]);
                rows.Add(Memoized(html, state, site!, key(span[i]), template));
            }
            return rows;
        }
        foreach (var item in items)
        {
            var k = key(item);
            rows.Add(state is null ? new HtmlString(WithMarkers(Render(k, template))) : Memoized(html, state, site!, k, template));
        }
        return rows;
    }

    /// <summary>The memoized segment for <paramref name="key"/> at call site <paramref name="site"/> in a live view's render.</summary>
    private static IHtmlContent Memoized<TKey>(IHtmlHelper html, ViewRenderState state, System.Reflection.MethodInfo site, TKey key, Func<TKey, HelperResult> template)
    {
        var components = state.Components;
        var segment = state.Memo.GetOrRender(site, key, (template, components, pool: state.Pool), static (k, s) =>
        {
            var mark = s.components?.ChildMark ?? 0;
            var writer = SegmentWriter.Rent();
            try
            {
                Run(k, s.template, writer);
                if (s.components?.ChildrenSince(mark) is { } slots) return new ComponentSegment(new HtmlString(WithMarkers(writer.ToString())), slots);
                // Connected renders share the row with every view that renders the same HTML (and write a reference to it).
                return (object?)s.pool?.Intern(writer.Chars, writer.Runs) ?? new HtmlString(WithMarkers(writer.ToString()));
            }
            finally
            {
                SegmentWriter.Return(writer);
            }
        }, static m => m is not ComponentSegment c || ComponentHost.AllMounted(c.Components), out var reused);
        if (reused)
        {
            if (segment is ComponentSegment withComponents) components?.Reuse(withComponents.Components);
            if (state.VerifyMemoizedSegments)
            {
                using var verifying = components?.Verifying(); // the check renders again without touching components
                if (!SegmentMemo.HasContent(segment, Render(key, template)))
                    throw new InvalidOperationException(
                        $"A memoized live segment of {html.ViewContext.ViewData.Model?.GetType().Name} rendered differently for an equal key ({key}): the key must capture " +
                        "everything the template reads (use an immutable record, or a tuple of the values the row shows).");
            }
        }
        return (IHtmlContent)segment;
    }

    /// <summary>Runs the template: the segment's HTML, without markers.</summary>
    private static string Render<TKey>(TKey key, Func<TKey, HelperResult> template)
    {
        var writer = SegmentWriter.Rent();
        try
        {
            Run(key, template, writer);
            return writer.ToString();
        }
        finally
        {
            SegmentWriter.Return(writer);
        }
    }

    // Razor templates are synchronous unless they await; HelperResult.WriteTo blocks the same way.
    private static void Run<TKey>(TKey key, Func<TKey, HelperResult> template, SegmentWriter writer) =>
        template(key).WriteTo(writer, HtmlEncoder.Default);

    private static string WithMarkers(string content) => string.Concat(SegmentMarkers.Start, content, SegmentMarkers.End);

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
