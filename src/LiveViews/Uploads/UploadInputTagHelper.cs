using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Uploads;

/// <summary>
/// <c>&lt;input type="file" lv-upload="photos"&gt;</c>: binds a file input to an upload the view declared with
/// <c>AllowUpload</c>. Renders <c>accept</c> from its rules (unless given) and <c>multiple</c> when it takes more than one
/// file; the client then checks, sends and shows the chosen files (progress without a round trip per chunk).
/// Throws <see cref="InvalidOperationException"/> outside a live view or for an undeclared upload.
/// </summary>
[HtmlTargetElement("input", Attributes = UploadAttribute, TagStructure = TagStructure.WithoutEndTag)]
public sealed class UploadInputTagHelper : TagHelper
{
    internal const string UploadAttribute = "lv-upload";

    /// <summary>The upload's name, as declared with <c>AllowUpload</c>.</summary>
    [HtmlAttributeName(UploadAttribute)]
    public string Upload { get; set; } = "";

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (ViewContext.ViewData.Model is not LiveView view)
            throw new InvalidOperationException($"lv-upload=\"{Upload}\" only works in a live view's template.");
        LiveUpload upload;
        try { upload = view.Upload(Upload); }
        catch (ArgumentException ex) { throw new InvalidOperationException(ex.Message, ex); }
        var attributes = output.Attributes;
        if (!attributes.ContainsName("type")) attributes.SetAttribute("type", "file");
        else if (!string.Equals(attributes["type"].Value?.ToString(), "file", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"lv-upload=\"{Upload}\" belongs on an <input type=\"file\">.");
        attributes.SetAttribute(UploadAttribute, Upload); // the client finds the input by it
        if (!attributes.ContainsName("accept") && upload.AcceptAttribute is { } accept) attributes.SetAttribute("accept", accept);
        if (upload.Options.MaxEntries > 1 && !attributes.ContainsName("multiple"))
            attributes.SetAttribute(new TagHelperAttribute("multiple", null, HtmlAttributeValueStyle.Minimized));
    }
}
