namespace LiveViews.Benchmarks;

/// <summary>How the pipeline benchmark's template writes its rows.</summary>
public enum RowTemplate
{
    /// <summary>Each row in a plain <c>Html.LiveSegment()</c>: every row's template runs on every render.</summary>
    Plain,

    /// <summary>A loop of <c>Html.LiveSegment(key, template)</c> calls: only changed rows' templates run.</summary>
    Memoized,

    /// <summary>One <c>Html.LiveSegments(items, key, template)</c> call: memoized as <see cref="Memoized"/>, the rows one value of the page's buffer.</summary>
    List,
}
