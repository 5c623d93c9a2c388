using System.Text.Json;
using StackExchange.Redis;

namespace LiveViews.Redis;

/// <summary>
/// Options of the Redis backplane, configured with
/// <c>services.AddLiveView(…).AddRedisBackplane("127.0.0.1:6379", o => …)</c>.
/// </summary>
/// <remarks>
/// Messages crossing servers are JSON envelopes. Only these message types travel: <see cref="string"/>,
/// <see cref="bool"/>, <see cref="int"/>, <see cref="long"/>, <see cref="double"/>, <see cref="decimal"/>,
/// <see cref="Guid"/>, <see cref="DateTime"/>, <see cref="DateTimeOffset"/>, <see cref="JsonElement"/>, and the types
/// registered with <see cref="RegisterMessageType{T}"/> under a name. The wire names a type only by that name, so a
/// message can never make a server instantiate a type it did not register.
/// </remarks>
public sealed class RedisBackplaneOptions
{
    private readonly Dictionary<string, Type> _typesByName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _namesByType = [];

    /// <summary>
    /// The name every server of one deployment shares: the Data Protection application name (so a view token issued by
    /// one server is accepted by another) and the namespace of the Redis keys and channels. Default null: the host's
    /// <c>IHostEnvironment.ApplicationName</c> (the entry assembly's name).
    /// </summary>
    public string? ApplicationName { get; set; }

    /// <summary>
    /// Prefix of the Redis pub/sub channels; a topic <c>T</c> travels on channel <c>{ChannelPrefix}T</c>.
    /// Default null: <c>lv:{ApplicationName}:topic:</c>.
    /// </summary>
    public string? ChannelPrefix { get; set; }

    /// <summary>
    /// Largest encoded message, in bytes (envelope included). Publishing a larger one throws <see cref="ArgumentException"/>;
    /// a larger one arriving from Redis is dropped and logged. Default 64 KiB.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Store the Data Protection key ring in Redis (at <see cref="DataProtectionKeysKey"/>) and set the Data Protection
    /// application name to <see cref="ApplicationName"/>, so view tokens are valid on every server. Default true.
    /// The keys are stored unencrypted, as with every Data Protection repository without a key encryptor: restrict access
    /// to Redis, or add <c>ProtectKeysWith…</c> to the Data Protection builder.
    /// </summary>
    public bool PersistDataProtectionKeys { get; set; } = true;

    /// <summary>
    /// Keep persisted view state (<c>[PersistentState]</c>) in this Redis, so a page whose server went away gets its
    /// views' state back on another server: registers a StackExchange.Redis <c>IDistributedCache</c> (keys under
    /// <c>{ApplicationName}:</c>) on the backplane's connection, unless the app registered a distributed cache of its own.
    /// Default true.
    /// </summary>
    public bool PersistViewState { get; set; } = true;

    /// <summary>Redis key (a list) holding the Data Protection key ring. Default null: <c>lv:{ApplicationName}:data-protection-keys</c>.</summary>
    public string? DataProtectionKeysKey { get; set; }

    /// <summary>
    /// How long a message this server published may wait for Redis to deliver it back to this server's own
    /// subscribers before they get it directly (the subscription connection failed silently). Default 3 s.
    /// </summary>
    public TimeSpan EchoTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>JSON options for registered message types. Default: <see cref="JsonSerializerDefaults.Web"/> with a maximum depth of 32.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web) { MaxDepth = 32 };

    /// <summary>
    /// Changes the StackExchange.Redis configuration parsed from the connection string, e.g. a password, TLS or timeouts.
    /// The backplane has already set <c>AbortOnConnectFail = false</c> (start and keep retrying while Redis is down)
    /// and <c>BacklogPolicy.FailFast</c> (while disconnected, deliver locally at once instead of queueing).
    /// </summary>
    public Action<ConfigurationOptions>? ConfigureRedis { get; set; }

    /// <summary>
    /// Allows messages of type <typeparamref name="T"/> to cross servers, serialized with <see cref="SerializerOptions"/>
    /// and named <paramref name="name"/> on the wire (the exact type: subclasses need their own registration).
    /// Every server must register the same names. Throws <see cref="ArgumentException"/> for an empty name, a name
    /// starting with <c>$</c> (reserved for built-in types) or one already used.
    /// </summary>
    public RedisBackplaneOptions RegisterMessageType<T>(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.StartsWith('$')) throw new ArgumentException("Names starting with '$' are reserved for built-in types.", nameof(name));
        if (_typesByName.ContainsKey(name)) throw new ArgumentException($"The message type name '{name}' is already registered.", nameof(name));
        if (_namesByType.ContainsKey(typeof(T))) throw new ArgumentException($"{typeof(T)} is already registered.", nameof(T));
        _typesByName[name] = typeof(T);
        _namesByType[typeof(T)] = name;
        return this;
    }

    internal IReadOnlyDictionary<string, Type> TypesByName => _typesByName;
    internal IReadOnlyDictionary<Type, string> NamesByType => _namesByType;

    internal string ResolveApplicationName(string hostApplicationName) =>
        string.IsNullOrWhiteSpace(ApplicationName) ? hostApplicationName : ApplicationName;
}
