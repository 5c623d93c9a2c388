using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.Hosting;

/// <summary>
/// Returned by <c>services.AddLiveView()</c> so optional parts chain onto it, e.g.
/// <c>services.AddLiveView(o => …).AddRedisBackplane("localhost:6379")</c>.
/// </summary>
public sealed class LiveViewBuilder(IServiceCollection services)
{
    /// <summary>The application's service collection.</summary>
    public IServiceCollection Services { get; } = services;
}
