using System.Net;
using LiveViews.Diffing;
using LiveViews.Hosting;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.Tests.Rendering;

/// <summary>A host where <see cref="LiveViewOptions.VerifyBalancedHtml"/> is on (as in Development), serving <see cref="MarkupView"/>.</summary>
public sealed class StrictMarkupHost : LiveTestHost
{
    public override void Configure(LiveViewOptions options) => options.VerifyBalancedHtml = true;
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<MarkupView>("/markup");
}

/// <summary>A production host (no check) serving <see cref="MarkupView"/>.</summary>
public sealed class LenientMarkupHost : LiveTestHost
{
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<MarkupView>("/markup");
}

/// <summary>Unbalanced first renders (issue 15): the framework's tags stay out of reach, and development rejects them clearly.</summary>
public sealed class RenderBalanceTests
{
    [Theory]
    [InlineData("<p>a</p><table><tr><td>1</td></tr></table><svg><circle></circle></svg>", null)]
    [InlineData("<p>a<p>b<li>c", null)] // implied end tags are balanced: the page parses them the same
    [InlineData("<p>x</p><script>var a = 1;", "unclosed <script> swallows the rest of the page")]
    [InlineData("<!-- note", "unclosed comment")]
    [InlineData("<textarea>draft", "unclosed <textarea>")]
    [InlineData("<title>t", "unclosed <title>")]
    [InlineData("<plaintext>x", "unclosed <plaintext>")]
    [InlineData("<template><p>x</p>", "unclosed <template>")]
    [InlineData("<p title=\"x>", "unterminated tag or attribute")]
    [InlineData("<div><p>x</p>", "leaves <div> open")]
    [InlineData("<table><tr><td>x</td></tr>", "leaves <table> open")]
    [InlineData("<p>x</p></div><p>y</p>", "closes the view's root element early")]
    public void Unbalanced_renders_are_named(string html, string? problem)
    {
        var found = RenderBalance.Problem(html, new HtmlTreeParser());
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    public sealed class Strict(StrictMarkupHost host) : IClassFixture<StrictMarkupHost>
    {
        [Fact]
        public async Task A_balanced_view_renders_with_the_framework_tags_before_its_root()
        {
            var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/markup?case=ok"));
            Assert.True(html.IndexOf("/_lv/liveview.js", StringComparison.Ordinal) < html.IndexOf("data-lv-root data-lv-token", StringComparison.Ordinal));
        }

        [Theory]
        [InlineData("script", "unclosed <script>")]
        [InlineData("comment", "unclosed comment")]
        [InlineData("textarea", "unclosed <textarea>")]
        [InlineData("template", "unclosed <template>")]
        [InlineData("plaintext", "unclosed <plaintext>")]
        [InlineData("div", "leaves <div> open")]
        [InlineData("table", "leaves <table> open")]
        [InlineData("stray", "closes the view's root element early")]
        [InlineData("segment", "leaves <b> open")]
        public async Task An_unbalanced_view_fails_its_first_render_with_a_clear_error(string name, string problem)
        {
            var renderer = host.Services.GetRequiredService<LiveViewRenderer>();
            var http = new DefaultHttpContext { RequestServices = host.Services.CreateScope().ServiceProvider };
            var error = await Assert.ThrowsAsync<UnbalancedHtmlException>(() =>
                renderer.RenderAsync(typeof(MarkupView), new Dictionary<string, string> { ["case"] = name }, http));
            Assert.Contains("MarkupView", error.Message);
            Assert.Contains(problem, error.Message);
            var response = await host.Http.GetAsync(new Uri(host.BaseAddress, "/markup?case=" + name));
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        }
    }

    public sealed class Lenient(LenientMarkupHost host) : IClassFixture<LenientMarkupHost>
    {
        [Theory]
        [InlineData("script")]
        [InlineData("comment")]
        [InlineData("plaintext")]
        [InlineData("div")]
        public async Task In_production_the_page_is_served_and_no_template_can_swallow_the_client_script(string name)
        {
            var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/markup?case=" + name));
            var document = new AngleSharp.Html.Parser.HtmlParser(new AngleSharp.Html.Parser.HtmlParserOptions { IsScripting = true }).ParseDocument(html);
            var script = document.QuerySelector("script[src$='liveview.js']");
            Assert.NotNull(script);
            Assert.Null(script!.Closest("[data-lv-root]"));
            Assert.NotNull(document.QuerySelector("[data-lv-root][data-lv-token]"));
        }
    }
}
