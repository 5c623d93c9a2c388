using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.PubSub;
using LiveViews.Redis;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis backplane on the builder returned by <c>services.AddLiveView()</c>.</summary>
public static class RedisBackplaneLiveViewBuilderExtensions
{
    /// <summary>
    /// Runs live views on several servers sharing one Redis: <see cref="ILivePubSub"/> messages reach subscribed views
    /// on every server, in one order per topic, and (unless <see cref="RedisBackplaneOptions.PersistDataProtectionKeys"/>
    /// is false) the Data Protection key ring lives in Redis under one application name, so a view token rendered by one
    /// server mounts on another, and (unless <see cref="RedisBackplaneOptions.PersistViewState"/> is false, or the app
    /// registered its own distributed cache) persisted view state is kept in Redis, so a page gets it back on any server.
    /// A lost Redis connection is logged and retried; views keep working and messages are delivered on their own server
    /// meanwhile (saving view state fails fast then, with a warning).
    /// </summary>
    /// <param name="builder">The builder returned by <c>services.AddLiveView(…)</c>.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis1:6379,password=…,ssl=true</c>.</param>
    /// <param name="configure">Changes <see cref="RedisBackplaneOptions"/> (registered message types, limits, names).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException">The configuration string is empty or cannot be parsed.</exception>
    public static LiveViewBuilder AddRedisBackplane(this LiveViewBuilder builder, string configuration, Action<RedisBackplaneOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        ConfigurationOptions redis;
        try { redis = ConfigurationOptions.Parse(configuration); }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"Invalid Redis configuration string: {ex.Message}", nameof(configuration), ex);
        }

        var services = builder.Services;
        var options = services.AddOptions<RedisBackplaneOptions>();
        if (configure is not null) options.Configure(configure);

        services.TryAddSingleton(sp =>
        {
            var configured = redis.Clone();
            configured.AbortOnConnectFail = false;        // start, and keep retrying, while Redis is down
            configured.BacklogPolicy = BacklogPolicy.FailFast; // while disconnected, fail at once: the backplane then delivers locally
            configured.ReconnectRetryPolicy = new ExponentialRetry(250, 5000); // back within a second of a Redis restart
            configured.ClientName ??= "liveviews";
            sp.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value.ConfigureRedis?.Invoke(configured);
            return new RedisConnection(configured, sp.GetRequiredService<ILogger<RedisConnection>>());
        });
        services.TryAddSingleton<ResolvedBackplaneNames>();
        services.TryAddSingleton<RedisPubSub>();
        services.Replace(ServiceDescriptor.Singleton<ILivePubSub>(sp => sp.GetRequiredService<RedisPubSub>()));
        services.AddHostedService<RedisBackplaneStartup>();

        // Data Protection: one application name and one key ring for every server.
        services.AddDataProtection();
        services.AddOptions<DataProtectionOptions>().Configure<IOptions<RedisBackplaneOptions>, ResolvedBackplaneNames>((dp, o, names) =>
        {
            if (o.Value.PersistDataProtectionKeys) dp.ApplicationDiscriminator = names.ApplicationName;
        });
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<RedisBackplaneOptions>, ResolvedBackplaneNames, RedisConnection>((keys, o, names, connection) =>
        {
            if (o.Value.PersistDataProtectionKeys)
                keys.XmlRepository = new RedisXmlRepository(() => connection.Database, names.DataProtectionKeysKey);
        });
        // Persisted view state: the framework's in-memory cache gives way to one in Redis, on the backplane's connection.
        if (services.Where(d => d.ServiceType == typeof(IDistributedCache)).All(d => d.ImplementationType == typeof(MemoryDistributedCache)))
        {
            services.AddOptions<RedisCacheOptions>().Configure<RedisConnection, ResolvedBackplaneNames>((cache, connection, names) =>
            {
                cache.ConnectionMultiplexerFactory = async () => await connection.GetAsync();
                cache.InstanceName = names.ApplicationName + ":";
            });
            services.RemoveAll<IDistributedCache>();
            services.AddSingleton<IDistributedCache>(sp => sp.GetRequiredService<IOptions<RedisBackplaneOptions>>().Value.PersistViewState
                ? new RedisCache(sp.GetRequiredService<IOptions<RedisCacheOptions>>())
                : new MemoryDistributedCache(sp.GetRequiredService<IOptions<MemoryDistributedCacheOptions>>()));
        }
        return builder;
    }
}
