using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Fragment contexts (the detached elements fragments are parsed in) are one per kind for the process, read by every
/// tree on every thread: parses running at once in them give what one parse alone gives.
/// </summary>
public class SharedContextTests
{
    private static readonly (VNamespace Ns, string Tag, string Html)[] Cases =
    [
        (VNamespace.Html, "tbody", "<tr><td>a</td></tr><tr><td><b>b</b></td></tr>"),
        (VNamespace.Html, "table", "<tr><td>implied tbody</td></tr><caption>c</caption>"),
        (VNamespace.Html, "select", "<option>a<option selected>b<optgroup label=g><option>c"),
        (VNamespace.Html, "div", "<p>one<p>two<table><tr><td>x</table><svg><circle r=1 /></svg>"),
        (VNamespace.Html, "template", "<td>cell in template</td><tr><td>row</td></tr>"),
        (VNamespace.Svg, "svg", "<circle r=\"1\"/><foreignObject><p>html inside</p></foreignObject><text>t</text>"),
        (VNamespace.MathML, "math", "<mi>x</mi><mo>+</mo><annotation-xml encoding=\"text/html\"><p>h</p></annotation-xml>"),
        (VNamespace.Html, "textarea", "<b>not a tag</b>"),
        (VNamespace.Html, "noscript", "<p>raw text with scripting on</p>"),
    ];

    [Fact]
    public void Parses_at_once_on_many_threads_agree_with_one_parse_alone()
    {
        var parser = new HtmlTreeParser();
        var expected = Cases.Select(c => HtmlSerializer.SerializeChildren(parser.ParseFragment(c.Html, parser.GetContext(c.Ns, c.Tag)))).ToArray();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var own = new HtmlTreeParser(); // one per thread's tree, as views have
            var c = Cases[i % Cases.Length];
            var html = HtmlSerializer.SerializeChildren(own.ParseFragment(c.Html, own.GetContext(c.Ns, c.Tag)));
            if (html != expected[i % Cases.Length]) failures.Add($"{c.Tag}: {html}");
        });
        Assert.Empty(failures);
        Assert.Same(parser.GetContext(VNamespace.Html, "tbody"), new HtmlTreeParser().GetContext(VNamespace.Html, "tbody"));
    }
}
