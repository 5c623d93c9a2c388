using AngleSharp.Dom;

namespace LiveViews.Diffing;

/// <summary>
/// Checks that a view's render (the root's inner HTML, markers stripped) is <em>balanced</em>: parsed inside the page,
/// <c>&lt;!DOCTYPE html&gt;&lt;body&gt;&lt;div&gt;</c> + html + <c>&lt;/div&gt;</c>, it ends exactly at the root's end
/// tag (a sentinel written after the root lands right after it) and gives the root the same children as the fragment
/// parse the server diffs. An unclosed <c>&lt;script&gt;</c>, <c>&lt;textarea&gt;</c>, <c>&lt;title&gt;</c>, comment or
/// <c>&lt;plaintext&gt;</c> swallows the rest of the page; an unclosed <c>&lt;div&gt;</c> or <c>&lt;table&gt;</c> pulls
/// what follows into the view; a stray end tag closes the root early. Costs one document parse of the render.
/// </summary>
internal static class RenderBalance
{
    private const string SentinelId = "lv-balance-sentinel";

    /// <summary>Null when <paramref name="html"/> is balanced, else what is wrong with it (for an error message).</summary>
    public static string? Problem(string html, HtmlTreeParser parser)
    {
        var (root, next, sentinel, document) = parser.ParsePage(html, SentinelId);
        if (sentinel is null) return Swallower(document) + " swallows the rest of the page, the framework's own tags after the view included";
        if (!ReferenceEquals(next, sentinel))
        {
            if (root.Contains(sentinel))
            {
                // The outermost element left open: the sentinel's ancestor below the root, or, when it took the root's
                // own end tag (an unclosed <div>), the element just before the sentinel.
                INode? open = sentinel;
                while (open.Parent is { } p && !ReferenceEquals(p, root)) open = p;
                if (ReferenceEquals(open, sentinel)) open = sentinel.PreviousElementSibling;
                return $"it leaves <{(open as IElement)?.LocalName}> open, so the page's content after the view would land inside it";
            }
            return "a stray end tag closes the view's root element early, so the rest of the view lands outside it";
        }
        var expected = parser.ParseFragment(html, parser.RootContext);
        var actual = parser.ConvertChildrenOf(root);
        return TreeEquality.Describe(expected, actual) is { } difference
            ? "it parses differently inside the page than on its own (" + difference + ")"
            : null;
    }

    private static string Swallower(IDocument document)
    {
        foreach (var template in document.QuerySelectorAll("template").OfType<AngleSharp.Html.Dom.IHtmlTemplateElement>())
            if (template.Content.QuerySelector("#" + SentinelId) is not null || template.Content.TextContent.Contains(SentinelId, StringComparison.Ordinal))
                return "an unclosed <template>";
        foreach (var node in document.Body!.GetDescendants())
        {
            switch (node)
            {
                case IComment c when c.Data.Contains(SentinelId, StringComparison.Ordinal):
                    return "an unclosed comment";
                case IText t when t.Data.Contains(SentinelId, StringComparison.Ordinal):
                    return $"an unclosed <{(t.Parent as IElement)?.LocalName}>";
                case IElement e:
                    foreach (var a in e.Attributes)
                        if (a.Name.Contains(SentinelId, StringComparison.Ordinal) || a.Value.Contains(SentinelId, StringComparison.Ordinal))
                            return $"an unterminated tag or attribute of <{e.LocalName}>";
                    break;
            }
        }
        return "an unclosed element";
    }
}
