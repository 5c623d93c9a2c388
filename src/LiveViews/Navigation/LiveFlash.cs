using System.Text.RegularExpressions;

namespace LiveViews;

/// <summary>
/// A one-time message for the user (a "flash"), shown by the layout's <c>Html.LiveFlash()</c> element. Set with
/// <c>PutFlash</c> in a view, or <c>HttpContext.PutLiveFlash</c> before a redirect from a non-live page.
/// </summary>
/// <param name="Kind">What kind of message: <see cref="Info"/>, <see cref="Error"/> or an app's own (letters, digits, <c>-</c>; at most 32); the element carries it as <c>data-kind</c>.</param>
/// <param name="Message">The text (at most <see cref="MaxLength"/> characters; shown as text, never as HTML).</param>
public sealed partial record LiveFlash(string Kind, string Message)
{
    /// <summary>An informational message (rendered as a polite status).</summary>
    public const string Info = "info";

    /// <summary>An error message (rendered as an alert).</summary>
    public const string Error = "error";

    /// <summary>Longest message, in characters: a carried flash travels in a cookie, which browsers cap at about 4 KB.</summary>
    public const int MaxLength = 500;

    /// <summary>Checks a kind and message. Throws <see cref="ArgumentException"/> for a kind that is not a short token or an empty or too long message.</summary>
    internal static LiveFlash Create(string kind, string message)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(message);
        if (!KindPattern().IsMatch(kind)) throw new ArgumentException($"Flash kind '{kind}' must be 1 to 32 letters, digits or '-'.", nameof(kind));
        if (message.Length is 0 or > MaxLength) throw new ArgumentException($"A flash message has 1 to {MaxLength} characters.", nameof(message));
        return new LiveFlash(kind, message);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex KindPattern();
}
