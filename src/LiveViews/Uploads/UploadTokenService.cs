using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Tokens;

namespace LiveViews.Uploads;

/// <summary>Issues and verifies upload tokens (<see cref="UploadTicket"/>) with a time-limited Data Protection protector.</summary>
internal sealed class UploadTokenService
{
    private const string Purpose = "LiveViews.UploadToken.v1";
    private readonly ITimeLimitedDataProtector _protector;
    private readonly LiveUploadOptions _options;

    public UploadTokenService(IDataProtectionProvider provider, IOptions<LiveViewOptions> options)
    {
        _protector = provider.CreateProtector(Purpose).ToTimeLimitedDataProtector();
        _options = options.Value.Uploads;
    }

    public string Issue(UploadTicket ticket) => _protector.Protect(JsonSerializer.Serialize(ticket), _options.TokenLifetime);

    /// <summary>
    /// The ticket of <paramref name="token"/> when it is intact, unexpired and issued to <paramref name="user"/>; else null
    /// with the reason in <paramref name="error"/> (<c>forbidden</c> is true for another user's token).
    /// </summary>
    public UploadTicket? Verify(string? token, ClaimsPrincipal user, out string? error, out bool forbidden)
    {
        forbidden = false;
        error = null;
        UploadTicket? ticket = null;
        try
        {
            if (!string.IsNullOrEmpty(token)) ticket = JsonSerializer.Deserialize<UploadTicket>(_protector.Unprotect(token, out _));
        }
        catch (Exception ex) when (ex is CryptographicException or JsonException or FormatException or ArgumentException) { }
        if (ticket is null)
        {
            error = "The upload token is missing, invalid or expired.";
            return null;
        }
        if (!string.Equals(ticket.User, ViewTokenService.UserIdOf(user), StringComparison.Ordinal))
        {
            error = "The upload token was issued to another user.";
            forbidden = true;
            return null;
        }
        return ticket;
    }
}
