using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;

namespace LiveViews.Persistence;

/// <summary>
/// Keeps views' persisted state (<see cref="PersistentStateAttribute"/>) in the app's <see cref="IDistributedCache"/>,
/// encrypted and authenticated with ASP.NET Core Data Protection. The purpose binds each entry to the view type, the
/// user and the page's view token (its nonce), so an entry decrypts only for the view and user it was saved by; the
/// cache key is a hash of the nonce (the nonce itself only travels inside the encrypted token). An entry holds its own
/// expiry (checked on the options' clock, whatever the cache does) and lives <see cref="LiveViewOptions.PersistentStateLifetime"/>
/// from its last save, sliding in the cache too.
/// </summary>
internal sealed class ViewStateStore
{
    private const string Purpose = "LiveViews.ViewState.v1";
    private const string KeyPrefix = "lv:state:";
    private readonly IDistributedCache _cache;
    private readonly IDataProtectionProvider _protection;
    private readonly LiveViewOptions _options;
    private readonly ILogger<ViewStateStore> _logger;

    public ViewStateStore(IDistributedCache cache, IDataProtectionProvider protection, IOptions<LiveViewOptions> options, ILogger<ViewStateStore> logger)
    {
        _cache = cache;
        _protection = protection;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Saves <paramref name="json"/> for the page of token nonce <paramref name="nonce"/>. A state larger than
    /// <see cref="LiveViewOptions.MaxPersistentStateBytes"/> is refused with a warning (never truncated) and the entry
    /// saved before is removed, so a later join does not restore an outdated state. Returns false when refused or when
    /// the cache failed (logged); never throws for the cache.
    /// </summary>
    public async Task<bool> SaveAsync(Type viewType, string nonce, string? userId, byte[] json)
    {
        var key = CacheKey(nonce);
        try
        {
            if (json.Length > _options.MaxPersistentStateBytes)
            {
                _logger.LogWarning("{View}: persisted state of {Bytes} bytes exceeds MaxPersistentStateBytes ({Max}); not saved, and the earlier state is dropped",
                    viewType.Name, json.Length, _options.MaxPersistentStateBytes);
                await _cache.RemoveAsync(key);
                return false;
            }
            var lifetime = _options.PersistentStateLifetime;
            var payload = new byte[8 + json.Length];
            BinaryPrimitives.WriteInt64BigEndian(payload, (_options.TimeProvider.GetUtcNow() + lifetime).ToUnixTimeMilliseconds());
            json.CopyTo(payload, 8);
            var protectedPayload = Protector(viewType, nonce, userId).Protect(payload);
            await _cache.SetAsync(key, protectedPayload, new DistributedCacheEntryOptions { SlidingExpiration = lifetime });
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "{View}: saving its persisted state failed", viewType.Name);
            return false;
        }
    }

    /// <summary>
    /// The state saved for this page, view type and user, or null: none, expired, or one that fails to decrypt (tampered,
    /// another user's or view's, keys lost), which is logged as a warning. Never throws for the cache.
    /// </summary>
    public async Task<byte[]?> LoadAsync(Type viewType, string nonce, string? userId)
    {
        byte[]? stored;
        try
        {
            stored = await _cache.GetAsync(CacheKey(nonce));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "{View}: reading its persisted state failed; the view keeps what its mount set", viewType.Name);
            return null;
        }
        if (stored is null) return null;
        byte[] payload;
        try
        {
            payload = Protector(viewType, nonce, userId).Unprotect(stored);
        }
        catch (CryptographicException ex)
        {
            _logger.LogWarning("{View}: persisted state ignored: it does not decrypt for this view and user ({Reason})", viewType.Name, ex.Message);
            return null;
        }
        if (payload.Length < 8)
        {
            _logger.LogWarning("{View}: persisted state ignored: malformed", viewType.Name);
            return null;
        }
        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(payload));
        if (expires <= _options.TimeProvider.GetUtcNow())
        {
            _logger.LogWarning("{View}: persisted state ignored: it expired at {Expiry:O}", viewType.Name, expires);
            return null;
        }
        return payload[8..];
    }

    private IDataProtector Protector(Type viewType, string nonce, string? userId) =>
        _protection.CreateProtector(Purpose, viewType.FullName ?? viewType.Name, userId ?? "", nonce);

    /// <summary>The cache key of a page's state: a hash of its token nonce, so the store never shows the nonce.</summary>
    internal static string CacheKey(string nonce)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("view-state:" + nonce), hash);
        return KeyPrefix + Convert.ToBase64String(hash[..18]).Replace('+', '-').Replace('/', '_');
    }
}
