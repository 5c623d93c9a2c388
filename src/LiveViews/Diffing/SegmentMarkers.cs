namespace LiveViews.Diffing;

/// <summary>
/// The comments a template writes around a repeated part (a <em>segment</em>, e.g. one row of a list) so that
/// <see cref="ViewTree"/> parses only the segments whose HTML changed since the previous render.
/// Segments do not nest; markers never reach the browser.
/// </summary>
internal static class SegmentMarkers
{
    /// <summary>Opens a segment.</summary>
    public const string Start = "<!--lv:s-->";

    /// <summary>Closes a segment.</summary>
    public const string End = "<!--lv:/s-->";

    /// <summary>Common prefix of <see cref="Start"/> and <see cref="End"/>: one ordinal search finds either.</summary>
    internal const string Prefix = "<!--lv:";

    /// <summary>
    /// What replaces a run of segments (segments separated only by whitespace) in the skeleton; parsed as a comment whose
    /// data is <see cref="PlaceholderData"/>. One per run, so adding or removing a row does not change the skeleton.
    /// </summary>
    internal const string Placeholder = "<!--lv:p-->";

    /// <summary>The comment data of <see cref="End"/> once parsed (segment HTML keeps its end marker; the parser drops it).</summary>
    internal const string EndData = "lv:/s";

    /// <summary>The comment data of <see cref="Placeholder"/> once parsed.</summary>
    internal const string PlaceholderData = "lv:p";

    /// <summary>Comment data prefix of a live component's placeholder in a connected render: <c>lv:c:NUMBER</c>.</summary>
    internal const string ComponentData = "lv:c:";

    /// <summary>The placeholder a connected render writes where live component number <paramref name="number"/> goes.</summary>
    public static string ComponentPlaceholder(int number) => "<!--" + ComponentData + number.ToString(System.Globalization.CultureInfo.InvariantCulture) + "-->";

    /// <summary>Returns <paramref name="html"/> without segment markers (the raw HTML, not re-serialized).</summary>
    public static string Strip(string html) =>
        html.Contains(Prefix, StringComparison.Ordinal)
            ? html.Replace(Start, "", StringComparison.Ordinal).Replace(End, "", StringComparison.Ordinal)
            : html;
}
