using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using LiveViews.PubSub;

namespace LiveViews.Redis.Tests;

/// <summary>AddRedisBackplane's contract, without a Redis server.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void The_backplane_replaces_the_in_process_pub_sub()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new TestEnvironment());
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddLiveView().AddRedisBackplane("127.0.0.1:1");
        using var provider = services.BuildServiceProvider();
        Assert.IsType<RedisPubSub>(provider.GetRequiredService<ILivePubSub>());
        Assert.Same(provider.GetRequiredService<RedisPubSub>(), provider.GetRequiredService<ILivePubSub>());
        var names = provider.GetRequiredService<ResolvedBackplaneNames>();
        Assert.Equal("lv:TestApp:topic:", names.ChannelPrefix);
        Assert.Equal("lv:TestApp:data-protection-keys", names.DataProtectionKeysKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_configuration_is_refused(string configuration)
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentException>(() => services.AddLiveView().AddRedisBackplane(configuration));
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "TestApp";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
