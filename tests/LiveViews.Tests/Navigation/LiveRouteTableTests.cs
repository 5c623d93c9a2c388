using Microsoft.Extensions.DependencyInjection;
using LiveViews.Navigation;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Navigation;

/// <summary>URLs resolve to the live route routing would choose, with its route values and its live session.</summary>
public sealed class LiveRouteTableTests(NavigationHost host) : IClassFixture<NavigationHost>
{
    private LiveRouteTable Routes => host.Services.GetRequiredService<LiveRouteTable>();

    [Fact]
    public void A_url_resolves_to_its_live_route_with_the_patterns_values()
    {
        var match = Routes.Match("/items/42?q=x#frag")!;
        Assert.Equal(typeof(ParamsView), match.Route.ViewType);
        Assert.Equal("42", match.RouteValues["id"]);
        Assert.Equal("/items/42?q=x#frag", match.Url);
        Assert.Equal(42, match.Params().Get<int>("id"));
        Assert.Equal("x", match.MountParameters()["q"]);
        Assert.Equal(typeof(ParamsView), Routes.Match("/items")!.Route.ViewType); // optional parameter
        Assert.Equal(typeof(OtherView), Routes.Match("/Other")!.Route.ViewType); // paths match case-insensitively
    }

    [Fact]
    public void Constraints_and_other_endpoints_are_honoured()
    {
        Assert.Null(Routes.Match("/items/abc")); // {id:int}
        Assert.Null(Routes.Match("/embed")); // a Razor page
        Assert.Null(Routes.Match("/_lv/hub")); // the hub
        Assert.Null(Routes.Match("/nowhere"));
    }

    [Fact]
    public void Routes_of_one_layout_share_a_live_session_and_WithLiveSession_makes_another()
    {
        var items = Routes.Match("/items/1")!.Route;
        var other = Routes.Match("/other")!.Route;
        var probe = Routes.Match("/probe")!.Route;
        var grouped = Routes.Match("/x/other")!.Route;
        Assert.Equal(items.Session, other.Session);
        Assert.Equal(items.Session, probe.Session);
        Assert.Equal("layout:/Pages/Shared/_NavigationLayout.cshtml", items.Session);
        Assert.Equal("x", grouped.Session);
        Assert.Equal(typeof(OtherView), grouped.ViewType);
    }
}
