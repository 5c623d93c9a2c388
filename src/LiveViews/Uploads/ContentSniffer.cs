using Microsoft.AspNetCore.StaticFiles;

namespace LiveViews.Uploads;

/// <summary>
/// Recognises a file's real type from its first bytes, with the byte patterns of the WHATWG MIME Sniffing Standard
/// (§6.1 "Matching an image type pattern", §6.2 audio/video and §6.3 archive patterns; https://mimesniff.spec.whatwg.org/),
/// plus PDF's <c>%PDF-</c>. An extension only names a type; these bytes are what a decoder will read.
/// </summary>
internal static class ContentSniffer
{
    /// <summary>Bytes needed to recognise every pattern.</summary>
    public const int HeaderBytes = 16;

    private static readonly FileExtensionContentTypeProvider Extensions = new();

    // (pattern, mask, type): a byte matches when (data & mask) == pattern.
    private static readonly (byte[] Pattern, byte[]? Mask, string Type)[] Patterns =
    [
        ([0x00, 0x00, 0x01, 0x00], null, "image/x-icon"),
        ([0x00, 0x00, 0x02, 0x00], null, "image/x-icon"),
        ("BM"u8.ToArray(), null, "image/bmp"),
        ("GIF87a"u8.ToArray(), null, "image/gif"),
        ("GIF89a"u8.ToArray(), null, "image/gif"),
        ([.. "RIFF"u8, 0, 0, 0, 0, .. "WEBPVP"u8], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], "image/webp"),
        ([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], null, "image/png"),
        ([0xFF, 0xD8, 0xFF], null, "image/jpeg"),
        ([.. "RIFF"u8, 0, 0, 0, 0, .. "WAVE"u8], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], "audio/wav"),
        ([.. "RIFF"u8, 0, 0, 0, 0, .. "AVI "u8], [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF], "video/x-msvideo"),
        ("OggS\0"u8.ToArray(), null, "application/ogg"),
        ([0x1A, 0x45, 0xDF, 0xA3], null, "video/webm"),
        ("ID3"u8.ToArray(), null, "audio/mpeg"),
        ([0x1F, 0x8B, 0x08], null, "application/gzip"),
        ([0x50, 0x4B, 0x03, 0x04], null, "application/zip"),
        ("%PDF-"u8.ToArray(), null, "application/pdf"),
    ];

    private static readonly HashSet<string> Recognisable = Patterns.Select(p => p.Type).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The type the first bytes show, or null when no pattern matches.</summary>
    public static string? Sniff(ReadOnlySpan<byte> header)
    {
        foreach (var (pattern, mask, type) in Patterns)
        {
            if (header.Length < pattern.Length) continue;
            var match = true;
            for (var i = 0; i < pattern.Length && match; i++) match = (header[i] & (mask?[i] ?? 0xFF)) == pattern[i];
            if (match) return type;
        }
        return null;
    }

    /// <summary>The media type an extension or file name names (<c>.png</c> → <c>image/png</c>), or null.</summary>
    public static string? TypeOfName(string fileName) => Extensions.TryGetContentType(fileName, out var type) ? type : null;

    /// <summary>True when <paramref name="type"/> is one the patterns recognise (so its bytes are checked).</summary>
    public static bool IsRecognisable(string? type) => type is not null && Recognisable.Contains(type);

    /// <summary>The media types named by accept entries (extensions mapped, types as given, wildcards kept).</summary>
    public static IReadOnlyList<string> AcceptedTypes(IReadOnlyList<string> accept) =>
        accept.Select(a => a.StartsWith('.') ? TypeOfName("f" + a) : a).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>True when <paramref name="type"/> matches one of <paramref name="accepted"/> (<c>image/*</c> matches every image type).</summary>
    public static bool Matches(IReadOnlyList<string> accepted, string type) =>
        accepted.Any(a => string.Equals(a, type, StringComparison.OrdinalIgnoreCase)
            || (a.EndsWith("/*", StringComparison.Ordinal) && type.StartsWith(a[..^1], StringComparison.OrdinalIgnoreCase)));
}
