using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>The WHATWG fragment serialization: encoding, void and raw-text elements, round trips.</summary>
public class HtmlSerializerTests
{
    private static string RoundTrip(string html) => new ViewTree().Initialize(html);

    [Theory]
    [InlineData("<p>a &amp; b &lt; c &gt; d</p>", "<p>a &amp; b &lt; c &gt; d</p>")]
    [InlineData("<p>&nbsp;x\u00a0</p>", "<p>&nbsp;x&nbsp;</p>")]
    [InlineData("<p>\"quotes\" and 'apostrophes'</p>", "<p>\"quotes\" and 'apostrophes'</p>")]
    [InlineData("<a title='say \"hi\" &amp; <bye>'>x</a>", "<a title=\"say &quot;hi&quot; &amp; &lt;bye&gt;\">x</a>")]
    [InlineData("<a title=\"&nbsp;\">x</a>", "<a title=\"&nbsp;\">x</a>")]
    [InlineData("<P CLASS=x>y</P>", "<p class=\"x\">y</p>")]
    [InlineData("<input disabled><br><img src=a.png><hr>", "<input disabled=\"\"><br><img src=\"a.png\"><hr>")]
    [InlineData("<script>if (a < b && c > d) x = \"&amp;\";</script>", "<script>if (a < b && c > d) x = \"&amp;\";</script>")]
    [InlineData("<style>p > a { content: \"&\" }</style>", "<style>p > a { content: \"&\" }</style>")]
    [InlineData("<noscript><p>no & js</p></noscript>", "<noscript><p>no & js</p></noscript>")]
    [InlineData("<textarea>a &lt;b&gt; &amp;</textarea>", "<textarea>a &lt;b&gt; &amp;</textarea>")]
    [InlineData("<title>a &lt; b</title>", "<title>a &lt; b</title>")]
    [InlineData("<!-- a < b -->", "<!-- a < b -->")]
    [InlineData("<svg viewBox=\"0 0 1 1\"><foreignObject></foreignObject><clipPath></clipPath><style>a&lt;b</style></svg>",
        "<svg viewBox=\"0 0 1 1\"><foreignObject></foreignObject><clipPath></clipPath><style>a&lt;b</style></svg>")]
    [InlineData("<svg><use xlink:href=\"#a\"></use></svg>", "<svg><use xlink:href=\"#a\"></use></svg>")]
    [InlineData("<template><li>a</li></template>", "<template><li>a</li></template>")]
    [InlineData("é ü 😀", "é ü 😀")]
    public void Serializes_per_the_fragment_algorithm(string input, string expected) => Assert.Equal(expected, RoundTrip(input));

    [Fact]
    public void User_content_encoded_by_razor_comes_out_encoded()
    {
        // What Razor writes for @todo.Title when a user typed markup.
        var typed = "<img src=x onerror=alert(1)>";
        var razor = System.Net.WebUtility.HtmlEncode(typed);
        var html = RoundTrip("<span>" + razor + "</span><a title=\"" + razor + "\">t</a>");
        Assert.Equal("<span>&lt;img src=x onerror=alert(1)&gt;</span><a title=\"&lt;img src=x onerror=alert(1)&gt;\">t</a>", html);
        Assert.DoesNotContain("<img", html);

        var tree = new ViewTree();
        tree.Initialize("<ul></ul>");
        var op = Assert.Single(tree.Update("<ul><li>" + razor + "</li></ul>"));
        Assert.Equal("<li>&lt;img src=x onerror=alert(1)&gt;</li>", op.Value);
        op = Assert.Single(tree.Update("<ul><li>" + razor + "</li>" + razor + "</ul>"));
        Assert.Equal("&lt;img src=x onerror=alert(1)&gt;", op.Value);
    }

    [Fact]
    public void Text_in_ops_is_escaped_even_under_raw_text_parents()
    {
        // The client parses op HTML in a <template>, which decodes entities whatever the target parent is.
        var tree = new ViewTree();
        tree.Initialize("<style></style>");
        var op = Assert.Single(tree.Update("<style>a > b</style>"));
        Assert.Equal(PatchOpCode.Insert, op.Code);
        Assert.Equal("a &gt; b", op.Value);
    }

    [Fact]
    public void Serialization_is_a_fixed_point()
    {
        var random = new RandomHtml(7);
        for (int i = 0; i < 200; i++)
        {
            var html = RoundTrip(RandomHtml.Render(random.Tree(40)));
            Assert.Equal(html, RoundTrip(html));
            Assert.Equal(DomPatchApplier.Canonical(html), html);
        }
    }
}
