using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Hardening;

/// <summary>Authenticates from an <c>X-Test-User: name[;role]</c> header, standing in for cookies or bearer tokens.</summary>
public sealed class HeaderAuthHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TestHeader";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue("X-Test-User", out var value)) return Task.FromResult(AuthenticateResult.NoResult());
        var parts = value.ToString().Split(';');
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, parts[0]), new(ClaimTypes.Name, parts[0]) };
        if (parts.Length > 1) claims.Add(new Claim(ClaimTypes.Role, parts[1]));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName)));
    }
}

public sealed class AuthHost : LiveTestHost
{
    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddAuthentication(HeaderAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);

    protected override void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLiveView<SecretView>("/secret");
    }
}

/// <summary>[Authorize] on a view is enforced on the page request and again on the hub mount; tokens are bound to their user.</summary>
public sealed class AuthorizationTests(AuthHost host) : IClassFixture<AuthHost>
{
    private static Dictionary<string, string> As(string user) => new() { ["X-Test-User"] = user };

    private async Task<HttpResponseMessage> GetAsync(string path, string? user)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(host.BaseAddress, path));
        if (user is not null) request.Headers.Add("X-Test-User", user);
        return await host.Http.SendAsync(request);
    }

    private async Task<string> TokenAsync(string path, string user)
    {
        var html = await (await GetAsync(path, user)).Content.ReadAsStringAsync();
        return LiveTestHost.TokensIn(html).First();
    }

    [Fact]
    public async Task The_page_requires_the_policy()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/secret", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync("/secret", "mallory;user")).StatusCode);
        var allowed = await GetAsync("/secret", "alice;admin");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Contains("the launch codes", await allowed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_hub_mount_checks_the_user_again_and_a_token_is_useless_to_another_user()
    {
        var token = await TokenAsync("/secret", "alice;admin");

        await using (var alice = await SignalRJsonClient.ConnectAsync(host.HubUrl, As("alice;admin")))
            Assert.NotNull((await alice.InvokeAsync("join", token))["result"]);

        await using (var bob = await SignalRJsonClient.ConnectAsync(host.HubUrl, As("bob;admin")))
            Assert.Contains("another user", (await bob.InvokeAsync("join", token))["error"]!.GetValue<string>());

        await using (var anonymous = await SignalRJsonClient.ConnectAsync(host.HubUrl))
            Assert.NotNull((await anonymous.InvokeAsync("join", token))["error"]);
    }

    [Fact]
    public async Task A_user_who_lost_the_role_cannot_mount_with_an_old_token()
    {
        var token = await TokenAsync("/secret", "carol;admin");
        await using var demoted = await SignalRJsonClient.ConnectAsync(host.HubUrl, As("carol;user"));
        Assert.Contains("Not authorized", (await demoted.InvokeAsync("join", token))["error"]!.GetValue<string>());
    }
}
