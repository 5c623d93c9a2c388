using System.Security.Claims;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Tokens;

namespace LiveViews.Tests.Tokens;

public class ViewTokenServiceTests
{
    private static readonly IDataProtectionProvider Keys = new EphemeralDataProtectionProvider();
    private static ViewTokenService Service(TimeSpan? lifetime = null) =>
        new(Keys, Options.Create(new LiveViewOptions { TokenLifetime = lifetime ?? TimeSpan.FromHours(1) }));

    private static ClaimsPrincipal Anonymous => new(new ClaimsIdentity());
    private static ClaimsPrincipal User(string id) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "test"));

    [Fact]
    public void Round_trips_view_parameters_and_html_hash()
    {
        var service = Service();
        var token = service.Issue("Demo.CounterView", new Dictionary<string, string> { ["delay"] = "500" }, Anonymous, "<p>5</p>");
        var parsed = service.Verify(token, Anonymous);
        Assert.Equal("Demo.CounterView", parsed.View);
        Assert.Equal("500", parsed.Params["delay"]);
        Assert.Equal(ViewTokenService.HashHtml("<p>5</p>"), parsed.HtmlHash);
        Assert.DoesNotContain("CounterView", token); // encrypted, not just signed
    }

    [Fact]
    public void A_tampered_token_is_rejected()
    {
        var service = Service();
        var token = service.Issue("Demo.CounterView", new Dictionary<string, string>(), Anonymous, "");
        var chars = token.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        Assert.Throws<InvalidViewTokenException>(() => service.Verify(new string(chars), Anonymous));
        Assert.Throws<InvalidViewTokenException>(() => service.Verify("garbage", Anonymous));
        Assert.Throws<InvalidViewTokenException>(() => service.Verify("", Anonymous));
    }

    [Fact]
    public void A_token_from_another_key_ring_is_rejected()
    {
        var token = new ViewTokenService(new EphemeralDataProtectionProvider(), Options.Create(new LiveViewOptions()))
            .Issue("Demo.CounterView", new Dictionary<string, string>(), Anonymous, "");
        Assert.Throws<InvalidViewTokenException>(() => Service().Verify(token, Anonymous));
    }

    [Fact]
    public void An_expired_token_is_rejected()
    {
        var service = Service(TimeSpan.FromSeconds(-5));
        var token = service.Issue("Demo.CounterView", new Dictionary<string, string>(), Anonymous, "");
        Assert.Contains("expired", Assert.Throws<InvalidViewTokenException>(() => service.Verify(token, Anonymous)).Message);
    }

    [Fact]
    public void A_token_rendered_for_one_user_is_useless_to_another()
    {
        var service = Service();
        var token = service.Issue("Demo.CounterView", new Dictionary<string, string>(), User("alice"), "");
        Assert.Equal("Demo.CounterView", service.Verify(token, User("alice")).View);
        Assert.Throws<InvalidViewTokenException>(() => service.Verify(token, User("bob")));
        Assert.Throws<InvalidViewTokenException>(() => service.Verify(token, Anonymous));
    }
}
