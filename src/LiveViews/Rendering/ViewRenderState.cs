using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LiveViews.Rendering;

/// <summary>
/// What one view keeps between its renders for the template helpers: the memo of <c>Html.LiveSegment(key, template)</c>
/// and whether reused segments are verified. Owned by the view's session (a static render gets a fresh one), never by
/// the public <see cref="LiveView"/> class; templates reach it through their <see cref="ViewContext.ViewData"/>.
/// Not thread-safe: a view renders one event at a time.
/// </summary>
internal sealed class ViewRenderState(bool verifyMemoizedSegments)
{
    private const string ViewDataKey = "__lv.render";
    private SegmentMemo? _memo;
    private List<SegmentList>? _lists;

    /// <summary><c>LiveViewOptions.VerifyMemoizedSegments</c>: render reused segments again and compare.</summary>
    public bool VerifyMemoizedSegments { get; } = verifyMemoizedSegments;

    /// <summary>The live components of the connected view this render belongs to; null in a static (page) render.</summary>
    public Components.ComponentHost? Components { get; set; }

    /// <summary>
    /// Where a connected render's memoized segments are shared with other views (and written as references); null in a
    /// static render, whose HTML goes to the browser as it is.
    /// </summary>
    public Diffing.SegmentPool? Pool { get; set; }

    /// <summary>The segment memo, created on first use (views without memoized segments allocate none).</summary>
    public SegmentMemo Memo => _memo ??= new();

    /// <summary>Called before each render of the view's template.</summary>
    public void BeginRender() => _memo?.BeginRender();

    /// <summary>Called after each render of the view's template, whether it <paramref name="succeeded"/> or threw.</summary>
    public void EndRender(bool succeeded)
    {
        _memo?.EndRender(succeeded);
        if (_lists is null) return;
        foreach (var list in _lists) list.Release();
        _lists.Clear();
    }

    /// <summary>Releases <paramref name="list"/> (its pooled array) when the render in progress ends: it has been written by then.</summary>
    public void ReleaseAfterRender(SegmentList list) => (_lists ??= []).Add(list);

    /// <summary>Makes this state the one templates rendered with <paramref name="viewData"/> (and their partials) see.</summary>
    public void AttachTo(ViewDataDictionary viewData) => viewData[ViewDataKey] = this;

    /// <summary>The render state of the view whose template is rendering, or null outside a live view render.</summary>
    public static ViewRenderState? Of(ViewContext context) => context.ViewData[ViewDataKey] as ViewRenderState;
}
