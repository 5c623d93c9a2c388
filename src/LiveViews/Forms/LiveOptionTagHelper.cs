using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Forms;

/// <summary>Marks the <c>option</c>s of a <c>&lt;select lv-field&gt;</c> selected when the form's value for the field matches theirs.</summary>
[HtmlTargetElement("option", ParentTag = "select")]
public sealed class LiveOptionTagHelper : TagHelper
{
    /// <summary>Runs after <see cref="LiveFieldTagHelper"/> has published the select's values.</summary>
    public override int Order => 10;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!context.Items.TryGetValue(typeof(LiveFieldTagHelper), out var item) || item is not IReadOnlyList<string> values || values.Count == 0) return;
        var value = output.Attributes.TryGetAttribute("value", out var v)
            ? v.Value?.ToString() ?? ""
            : (await output.GetChildContentAsync()).GetContent();
        if (values.Contains(value)) output.Attributes.SetAttribute(new TagHelperAttribute("selected", null, HtmlAttributeValueStyle.Minimized));
        else output.Attributes.RemoveAll("selected");
    }
}
