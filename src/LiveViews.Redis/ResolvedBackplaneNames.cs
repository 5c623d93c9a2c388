using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveViews.Redis;

/// <summary>The deployment-wide names derived from <see cref="RedisBackplaneOptions"/> and the host: application name, channel prefix, key ring key.</summary>
internal sealed class ResolvedBackplaneNames
{
    public ResolvedBackplaneNames(IOptions<RedisBackplaneOptions> options, IHostEnvironment environment)
    {
        var o = options.Value;
        ApplicationName = o.ResolveApplicationName(environment.ApplicationName);
        ChannelPrefix = o.ChannelPrefix ?? $"lv:{ApplicationName}:topic:";
        DataProtectionKeysKey = o.DataProtectionKeysKey ?? $"lv:{ApplicationName}:data-protection-keys";
    }

    public string ApplicationName { get; }
    public string ChannelPrefix { get; }
    public string DataProtectionKeysKey { get; }
}
