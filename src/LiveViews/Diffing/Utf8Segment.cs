using System.Text;

namespace LiveViews.Diffing;

/// <summary>A <see cref="SharedSegment"/> held as its HTML's UTF-8 bytes (markup is mostly ASCII: a byte per char).</summary>
internal sealed class Utf8Segment(byte[] utf8) : SharedSegment
{
    public override int Length => utf8.Length;

    public override string Html => Encoding.UTF8.GetString(utf8);

    public override bool ContentEquals(ReadOnlySpan<char> html)
    {
        // ASCII compares without transcoding; UTF-8 never has fewer bytes than UTF-16 has chars.
        if (Ascii.Equals(utf8, html)) return true;
        if (utf8.Length < html.Length || utf8.Length > html.Length * 3 || Ascii.IsValid(html)) return false;
        return SegmentPool.Utf8Equals(html, utf8);
    }
}
