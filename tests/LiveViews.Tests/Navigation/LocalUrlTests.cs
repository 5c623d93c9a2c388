using LiveViews.Navigation;

namespace LiveViews.Tests.Navigation;

/// <summary>Navigation URLs stay on the site; relative ones resolve as a browser resolves a link.</summary>
public sealed class LocalUrlTests
{
    [Theory]
    [InlineData("?filter=done", "/todos?filter=all", "/todos?filter=done")]
    [InlineData("/counter", "/todos", "/counter")]
    [InlineData("edit", "/items/7", "/items/edit")]
    [InlineData("../x?y=1#z", "/a/b/c", "/a/x?y=1#z")]
    [InlineData("#top", "/todos?filter=done", "/todos?filter=done#top")]
    [InlineData("/search?q=amber fal", "/", "/search?q=amber%20fal")]
    public void Relative_and_local_urls_resolve_against_the_current_one(string url, string current, string expected) =>
        Assert.Equal(expected, LocalUrl.Resolve(url, current));

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,hi")]
    [InlineData("")]
    public void Urls_of_other_sites_or_schemes_are_refused(string url)
    {
        Assert.Throws<ArgumentException>(() => LocalUrl.Resolve(url, "/"));
        Assert.False(LocalUrl.TryResolve(url, "/", out _));
    }

    [Fact]
    public void A_redirect_may_also_leave_the_site_over_http_or_https_only()
    {
        Assert.Equal("https://login.example/start?x=1", LocalUrl.ForRedirect("https://login.example/start?x=1"));
        Assert.Equal("/todos?filter=all", LocalUrl.ForRedirect("?filter=all", "/todos?filter=done"));
        Assert.Throws<ArgumentException>(() => LocalUrl.ForRedirect("javascript:alert(1)"));
        Assert.Throws<ArgumentException>(() => LocalUrl.ForRedirect("ftp://files.example/x"));
    }

    [Fact]
    public void Split_gives_path_and_query_without_the_fragment()
    {
        Assert.Equal(("/todos", "?filter=done"), LocalUrl.Split("/todos?filter=done#x"));
        Assert.Equal(("/todos", ""), LocalUrl.Split("/todos#x"));
    }
}
