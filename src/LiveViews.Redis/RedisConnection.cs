using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LiveViews.Redis;

/// <summary>
/// The backplane's one StackExchange.Redis multiplexer, connected on first use. It never fails the application for an
/// unreachable Redis: StackExchange.Redis keeps reconnecting in the background (exponential backoff, 250 ms to 5 s), and
/// this logs the first failure of an outage as a warning, later attempts at debug level, and the restore with its duration.
/// </summary>
internal sealed class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>> _multiplexer;
    private readonly object _stateLock = new();
    private long _downSinceTicks; // 0 while connected (Environment.TickCount64 at the first failure otherwise)
    private int _failuresThisOutage;

    public RedisConnection(ConfigurationOptions configuration, ILogger<RedisConnection> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _multiplexer = new(ConnectAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Raised after a connection (interactive or subscription) to Redis failed.</summary>
    public event Action? Failed;

    /// <summary>Raised after a connection to Redis was restored.</summary>
    public event Action? Restored;

    /// <summary>The endpoints, for logs.</summary>
    public string Endpoints => string.Join(",", _configuration.EndPoints.Select(e => e.ToString()));

    /// <summary>The multiplexer (connecting on first call; it exists even while Redis is unreachable).</summary>
    public Task<ConnectionMultiplexer> GetAsync() => _multiplexer.Value;

    /// <summary>The multiplexer if the first connection attempt has finished, else null (never blocks).</summary>
    public ConnectionMultiplexer? Current => _multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully ? _multiplexer.Value.Result : null;

    /// <summary>The database, for synchronous callers (the Data Protection key repository); waits for the first connection attempt.</summary>
    public IDatabase Database => GetAsync().GetAwaiter().GetResult().GetDatabase();

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration);
        multiplexer.ConnectionFailed += OnFailed;
        multiplexer.ConnectionRestored += OnRestored;
        multiplexer.InternalError += (_, e) => _logger.LogWarning(e.Exception, "Redis client internal error ({Origin})", e.Origin);
        if (multiplexer.IsConnected) _logger.LogInformation("Redis backplane connected to {Endpoints}", Endpoints);
        else
        {
            MarkDown();
            _logger.LogWarning("Redis at {Endpoints} is not reachable; views are served and messages delivered on this server only, retrying in the background", Endpoints);
        }
        return multiplexer;
    }

    private void OnFailed(object? sender, ConnectionFailedEventArgs e)
    {
        var first = MarkDown();
        if (first)
            _logger.LogWarning(e.Exception, "Redis connection lost ({FailureType}, {ConnectionType}, {Endpoint}): messages are delivered on this server only until it is restored; retrying",
                e.FailureType, e.ConnectionType, e.EndPoint);
        else
            _logger.LogDebug("Redis still unreachable ({FailureType}, {ConnectionType}, {Endpoint})", e.FailureType, e.ConnectionType, e.EndPoint);
        Failed?.Invoke();
    }

    private void OnRestored(object? sender, ConnectionFailedEventArgs e)
    {
        long downSince;
        int failures;
        lock (_stateLock)
        {
            downSince = _downSinceTicks;
            failures = _failuresThisOutage;
            if (Current?.IsConnected ?? true)
            {
                _downSinceTicks = 0;
                _failuresThisOutage = 0;
            }
        }
        if (downSince != 0)
            _logger.LogInformation("Redis connection restored ({ConnectionType}, {Endpoint}) after {Seconds:F1} s and {Failures} failed attempt(s)",
                e.ConnectionType, e.EndPoint, (Environment.TickCount64 - downSince) / 1000.0, failures);
        Restored?.Invoke();
    }

    /// <summary>Records a failure; true for the first one of an outage.</summary>
    private bool MarkDown()
    {
        lock (_stateLock)
        {
            _failuresThisOutage++;
            if (_downSinceTicks != 0) return false;
            _downSinceTicks = Environment.TickCount64;
            return true;
        }
    }

    /// <summary>Closes the connection without waiting for commands in flight (containers disposed synchronously call this).</summary>
    public void Dispose()
    {
        if (Current is not { } multiplexer) return;
        multiplexer.ConnectionFailed -= OnFailed;
        multiplexer.ConnectionRestored -= OnRestored;
        multiplexer.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_multiplexer.IsValueCreated) return;
        try
        {
            var multiplexer = await _multiplexer.Value;
            // Closing is not an outage: nothing to log or fail over.
            multiplexer.ConnectionFailed -= OnFailed;
            multiplexer.ConnectionRestored -= OnRestored;
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            multiplexer.Dispose();
        }
        catch (Exception ex)
        {
            _logger.LogDebug(ex, "Closing the Redis connection failed");
        }
    }
}
