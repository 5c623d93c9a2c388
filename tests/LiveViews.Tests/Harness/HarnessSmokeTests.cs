namespace LiveViews.Tests.Harness;

public sealed class HarnessSmokeTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    [Fact]
    public async Task Click_increments()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.True(live.IsConnected);
        await live.ClickAsync("#increment");
        Assert.Equal("6", live.Find("#count").TextContent);
        Assert.False(live.IsPending);
    }
}
