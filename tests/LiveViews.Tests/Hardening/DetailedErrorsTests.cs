using LiveViews.Hosting;
using LiveViews.Tests.Hub;

namespace LiveViews.Tests.Hardening;

/// <summary>The test host in the Development environment.</summary>
public sealed class DevelopmentHost : LiveTestHost
{
    protected override string EnvironmentName => "Development";
}

/// <summary>The test host in Development with <see cref="LiveViewOptions.DetailedErrors"/> explicitly off, and a node name.</summary>
public sealed class DevelopmentQuietHost : LiveTestHost
{
    protected override string EnvironmentName => "Development";

    public override void Configure(LiveViewOptions options)
    {
        options.DetailedErrors = false;
        options.NodeName = "node-7";
    }
}

/// <summary><see cref="LiveViewOptions.DetailedErrors"/> is on in Development, as ASP.NET Core's developer pages are, unless the app says otherwise.</summary>
public sealed class DetailedErrorsTests(DevelopmentHost development) : IClassFixture<DevelopmentHost>
{
    [Fact]
    public async Task In_development_a_failing_handler_shows_its_exception_message()
    {
        var (client, viewId) = await development.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Fail", new { });
        Assert.Equal("secret internal detail", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }
}

public sealed class DetailedErrorsOffTests(DevelopmentQuietHost quiet) : IClassFixture<DevelopmentQuietHost>
{
    [Fact]
    public async Task An_explicit_setting_wins_over_the_environment_default()
    {
        var (client, viewId) = await quiet.JoinAsync();
        await using var _ = client;
        await client.SendAsync("e", viewId, 1, "Fail", new { });
        Assert.Equal("The server failed to handle 'Fail'.", (await client.NextReplyAsync(viewId))["e"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_node_name_is_on_the_root_and_in_the_join_result()
    {
        var html = await quiet.Http.GetStringAsync(new Uri(quiet.BaseAddress, "/probe"));
        Assert.Contains("data-lv-node=\"node-7\"", html);
        await using var client = await SignalRJsonClient.ConnectAsync(quiet.HubUrl);
        var joined = await client.InvokeAsync("join", LiveTestHost.TokensIn(html).First());
        Assert.Equal("node-7", joined["result"]!["n"]!.GetValue<string>());
    }
}
