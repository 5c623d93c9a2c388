using Microsoft.Extensions.Hosting;

namespace LiveViews.Redis;

/// <summary>Starts connecting to Redis when the host starts (without delaying startup), so the connection's state is logged early.</summary>
internal sealed class RedisBackplaneStartup(RedisConnection connection) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = connection.GetAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
