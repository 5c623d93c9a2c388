using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ViewFeatures.Buffers;
using LiveViews.Rendering;

namespace LiveViews.Tests.Rendering;

/// <summary>A connected render's view buffer pages (<see cref="RenderBufferScope"/>): reused within the render, all given back cleared at its end.</summary>
public class RenderBufferScopeTests
{
    [Fact]
    public void Pages_are_at_least_the_size_asked_and_a_returned_page_is_handed_out_again_cleared()
    {
        var scope = new RenderBufferScope();
        var page = scope.GetPage(256);
        Assert.True(page.Length >= 256);
        Assert.True(scope.GetPage(1).Length >= 16);
        page[0] = new ViewBufferValue("row");
        scope.ReturnSegment(page);
        Assert.Null(page[0].Value); // it must not keep the render's content alive
        Assert.Same(page, scope.GetPage(100));
        scope.Dispose();
    }

    [Fact]
    public void Disposing_gives_every_page_back_cleared()
    {
        // A pool of the test's own: the shared one may hand the pages to a render running in parallel.
        var scope = new RenderBufferScope(System.Buffers.ArrayPool<ViewBufferValue>.Create());
        var pages = Enumerable.Range(0, 5).Select(_ => scope.GetPage(256)).ToArray();
        foreach (var p in pages) p[3] = new ViewBufferValue(new HtmlString("<li>secret</li>"));
        scope.Dispose();
        // Pooled arrays may go to another view's render: none may still hold this one's content.
        Assert.All(pages, p => Assert.Null(p[3].Value));
    }

    [Fact]
    public async Task The_writer_for_the_body_writes_through_and_leaves_the_render_writer_open_when_disposed()
    {
        using var scope = new RenderBufferScope();
        var inner = new StringWriter();
        await using (var writer = scope.CreateWriter(inner))
        {
            writer.Write("<ul>");
            writer.Write('x');
            writer.Write("abc".ToCharArray(), 1, 2);
            await writer.WriteAsync("</ul>");
            await writer.FlushAsync();
        }
        inner.Write("!"); // still open
        Assert.Equal("<ul>xbc</ul>!", inner.ToString());
    }
}
