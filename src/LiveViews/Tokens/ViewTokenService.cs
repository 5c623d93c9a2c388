using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;

namespace LiveViews.Tokens;

/// <summary>Issues and verifies <see cref="ViewToken"/>s with a time-limited Data Protection protector.</summary>
internal sealed class ViewTokenService
{
    private const string Purpose = "LiveViews.ViewToken.v1";
    private readonly ITimeLimitedDataProtector _protector;
    private readonly LiveViewOptions _options;

    public ViewTokenService(IDataProtectionProvider provider, IOptions<LiveViewOptions> options)
    {
        _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        _options = options.Value;
    }

    /// <summary>
    /// Issues a token. <paramref name="url"/> is the local URL of a routed view's page (null for an embedded view);
    /// <paramref name="nonce"/> the token's identity on a connection (a fresh one when null, see <see cref="NewNonce"/>).
    /// </summary>
    public string Issue(string viewName, IReadOnlyDictionary<string, string> parameters, ClaimsPrincipal user, string renderedHtml, string? url = null, string? nonce = null) =>
        IssueForHash(viewName, parameters, user, HashHtml(renderedHtml), url, nonce);

    /// <summary>As <see cref="Issue"/>, for a render whose <see cref="HashHtml"/> is already known.</summary>
    public string IssueForHash(string viewName, IReadOnlyDictionary<string, string> parameters, ClaimsPrincipal user, string htmlHash, string? url = null, string? nonce = null)
    {
        var token = new ViewToken(viewName, new Dictionary<string, string>(parameters, StringComparer.Ordinal),
            UserIdOf(user), htmlHash, nonce ?? NewNonce(), url);
        return _protector.Protect(JsonSerializer.Serialize(token), _options.TokenLifetime);
    }

    /// <summary>A random token nonce (a token joins once per connection).</summary>
    public static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(8));

    /// <summary>Verifies a token for <paramref name="user"/>. Throws <see cref="InvalidViewTokenException"/> when it is tampered, expired or for another user.</summary>
    public ViewToken Verify(string token, ClaimsPrincipal user)
    {
        ViewToken? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<ViewToken>(_protector.Unprotect(token, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or ArgumentException)
        {
            throw new InvalidViewTokenException("The view token is invalid or expired; reload the page.", ex);
        }
        if (parsed is null) throw new InvalidViewTokenException("The view token is empty.");
        if (!string.Equals(parsed.UserId, UserIdOf(user), StringComparison.Ordinal))
            throw new InvalidViewTokenException("The view token was issued to another user.");
        return parsed;
    }

    /// <summary>A short hash of the first render, so a rejoin can skip resending unchanged HTML.</summary>
    public static string HashHtml(string html)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(html), hash);
        return Convert.ToBase64String(hash[..12]);
    }

    internal static string? UserIdOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? user.Identity.Name
            : null;
}
