using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Forms;

/// <summary>
/// A file input that the framework would serialize (inside a form with <c>lv-submit</c>/<c>lv-change</c>, or carrying a
/// binding itself) but that has no <c>lv-upload</c> would silently give its handler nothing: form events carry no files.
/// The first render of a view fails with an error naming the input instead (and the client refuses such a form too).
/// </summary>
internal static class UnboundFileInputCheck
{
    private static readonly HtmlParser Parser = new();

    /// <summary>Throws <see cref="InvalidOperationException"/> naming the first unbound file input of <paramref name="html"/>.</summary>
    public static void ThrowIfAny(Type viewType, string html)
    {
        if (html.IndexOf("file", StringComparison.OrdinalIgnoreCase) < 0) return; // cheap: most views have no file input
        using var document = Parser.ParseDocument(html);
        foreach (var input in document.QuerySelectorAll("input"))
        {
            if (!string.Equals(input.GetAttribute("type"), "file", StringComparison.OrdinalIgnoreCase) || input.HasAttribute("lv-upload")) continue;
            var form = input.Closest("form");
            var serialized = (form is not null && (form.HasAttribute("lv-submit") || form.HasAttribute("lv-change")))
                || input.Attributes.Any(a => a.Name.StartsWith("lv-", StringComparison.Ordinal));
            if (!serialized) continue;
            var name = input.GetAttribute("name") ?? input.Id ?? "";
            throw new InvalidOperationException(
                $"{viewType.Name} renders <input type=\"file\" name=\"{name}\"> in a live form without lv-upload: form events carry no files. " +
                "Declare an upload in MountAsync (AllowUpload(\"photos\", o => …)) and bind the input with lv-upload=\"photos\".");
        }
    }
}
