using Microsoft.AspNetCore.DataProtection;
using LiveViews.Navigation;

namespace LiveViews.Tests.Navigation;

/// <summary>Flash messages: their validation and the signed cookie that carries one to the next page.</summary>
public sealed class FlashTests
{
    private static FlashCookie Cookie(IDataProtectionProvider? provider = null) => new(provider ?? new EphemeralDataProtectionProvider());

    [Fact]
    public void A_carried_flash_round_trips_and_anything_else_reads_as_none()
    {
        var cookie = Cookie();
        var signed = cookie.Protect(new LiveFlash("error", "Saved <b>nothing</b>"));
        Assert.Equal(new LiveFlash("error", "Saved <b>nothing</b>"), cookie.Unprotect(signed));
        Assert.DoesNotContain("nothing", signed); // encrypted, not only signed
        Assert.Null(cookie.Unprotect(signed[..^2] + "xx"));
        Assert.Null(cookie.Unprotect("not a token"));
        Assert.Null(cookie.Unprotect(null));
        Assert.Null(Cookie().Unprotect(signed)); // another key ring (another app) cannot read it
    }

    [Theory]
    [InlineData("info", "")]
    [InlineData("", "x")]
    [InlineData("a b", "x")]
    [InlineData("\"><script>", "x")]
    public void A_flash_needs_a_short_token_kind_and_a_message(string kind, string message) =>
        Assert.Throws<ArgumentException>(() => LiveFlash.Create(kind, message));

    [Fact]
    public void A_flash_message_is_bounded_so_it_fits_a_cookie()
    {
        Assert.Throws<ArgumentException>(() => LiveFlash.Create("info", new string('x', LiveFlash.MaxLength + 1)));
        var longest = Cookie().Protect(LiveFlash.Create("info", new string('漢', LiveFlash.MaxLength))); // 3 bytes each in UTF-8
        Assert.True(longest.Length < 4000, $"{longest.Length} characters");
    }
}
