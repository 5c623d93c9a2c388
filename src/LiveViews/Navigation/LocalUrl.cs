namespace LiveViews.Navigation;

/// <summary>
/// URLs of this application as navigation uses them: path and query (and an optional fragment), never a scheme or a
/// host, so a navigation can never leave the site. Relative forms (<c>?filter=done</c>, <c>edit</c>, <c>../x</c>) are
/// resolved against the view's current URL as a browser resolves a link (RFC 3986, section 5).
/// </summary>
internal static class LocalUrl
{
    private static readonly Uri Origin = new("http://local.invalid/");

    /// <summary>
    /// Resolves <paramref name="url"/> against <paramref name="current"/> (a local URL such as <c>/todos?x=1</c>) and
    /// returns the local URL (<c>/path?query#fragment</c>). Throws <see cref="ArgumentException"/> when
    /// <paramref name="url"/> has a scheme or a host (<c>https://…</c>, <c>//host</c>, <c>javascript:…</c>) or is empty.
    /// </summary>
    public static string Resolve(string url, string current = "/")
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length == 0) throw new ArgumentException("A navigation URL cannot be empty.", nameof(url));
        // "\" is read as "/" by browsers, so "/\evil.com" is protocol-relative to them: refuse it as any other host.
        if (url.Contains('\\') || !Uri.TryCreate(url, UriKind.Relative, out var relative) || url.StartsWith("//", StringComparison.Ordinal))
            throw new ArgumentException($"'{url}' is not a URL of this site: use a path such as '/todos' or '?filter=done'.", nameof(url));
        var resolved = new Uri(new Uri(Origin, current), relative);
        if (resolved.Host != Origin.Host) throw new ArgumentException($"'{url}' is not a URL of this site.", nameof(url));
        return resolved.PathAndQuery + resolved.Fragment;
    }

    /// <summary>True when <paramref name="url"/> is a local URL (see <see cref="Resolve"/>).</summary>
    public static bool TryResolve(string? url, string current, out string resolved)
    {
        resolved = "";
        if (string.IsNullOrEmpty(url)) return false;
        try { resolved = Resolve(url, current); return true; }
        catch (ArgumentException) { return false; }
        catch (UriFormatException) { return false; }
    }

    /// <summary>
    /// A URL for a full page load: a local URL (resolved as <see cref="Resolve"/>) or an absolute <c>http(s)</c> URL
    /// (logins, downloads, other sites). Throws <see cref="ArgumentException"/> for any other scheme (<c>javascript:</c>, <c>data:</c>).
    /// </summary>
    public static string ForRedirect(string url, string current = "/")
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Uri.TryCreate(url, UriKind.Absolute, out var absolute) && url.Contains("://", StringComparison.Ordinal))
            return absolute.Scheme is "http" or "https"
                ? absolute.AbsoluteUri
                : throw new ArgumentException($"'{url}' cannot be redirected to: only http and https URLs are allowed.", nameof(url));
        return Resolve(url, current);
    }

    /// <summary>Splits a local URL into its path and its query (with the leading <c>?</c>, or empty); the fragment is dropped.</summary>
    public static (string Path, string Query) Split(string url)
    {
        var end = url.IndexOf('#');
        if (end >= 0) url = url[..end];
        var q = url.IndexOf('?');
        return q < 0 ? (url, "") : (url[..q], url[q..]);
    }
}
