using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Forms;

/// <summary>
/// <c>&lt;input lv-field="Email"&gt;</c> (also on <c>textarea</c> and <c>select</c>) inside a <c>&lt;form lv-form&gt;</c>:
/// renders <c>name</c> and <c>id</c> (unless given), the server's value for the field (checked state for checkboxes and
/// radios, content for a textarea, selection for a select's options), <c>aria-describedby</c> pointing to the field's
/// validation message, and <c>aria-invalid="true"</c> while the field shows an error. The value is the server's
/// (initial, saved or reset), never the text being typed, which stays the browser's.
/// </summary>
[HtmlTargetElement("input", Attributes = FieldAttribute, TagStructure = TagStructure.WithoutEndTag)]
[HtmlTargetElement("textarea", Attributes = FieldAttribute)]
[HtmlTargetElement("select", Attributes = FieldAttribute)]
public sealed class LiveFieldTagHelper : TagHelper
{
    internal const string FieldAttribute = "lv-field";

    /// <summary>The field's name: the model property it binds to.</summary>
    [HtmlAttributeName(FieldAttribute)]
    public string Field { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (string.IsNullOrWhiteSpace(Field)) throw new InvalidOperationException("lv-field needs a field name.");
        var form = LiveFormTagHelper.FormOf(context, FieldAttribute, Field);
        var attributes = output.Attributes;
        if (!attributes.ContainsName("name")) attributes.SetAttribute("name", Field);
        if (!attributes.ContainsName("id")) attributes.SetAttribute("id", form.FieldId(Field));

        var describedBy = form.MessageId(Field);
        if (attributes.TryGetAttribute("aria-describedby", out var existing) && existing.Value?.ToString() is { Length: > 0 } others)
            describedBy = others.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains(describedBy) ? others : others + " " + describedBy;
        attributes.SetAttribute("aria-describedby", describedBy);
        if (form.VisibleErrors(Field).Count > 0) attributes.SetAttribute("aria-invalid", "true");
        else attributes.RemoveAll("aria-invalid");

        var values = form.Values(Field);
        switch (output.TagName)
        {
            case "select":
                context.Items[typeof(LiveFieldTagHelper)] = values;
                break;
            case "textarea":
                if (values.Count > 0) output.Content.SetContent(values[0]);
                break;
            default:
                var type = attributes.TryGetAttribute("type", out var t) ? t.Value?.ToString()?.ToLowerInvariant() : "text";
                if (type is "checkbox" or "radio")
                {
                    var own = attributes.TryGetAttribute("value", out var v) ? v.Value?.ToString() ?? "" : "on";
                    var on = values.Any(x => string.Equals(x, own, StringComparison.Ordinal)
                        || (type == "checkbox" && !attributes.ContainsName("value") && x is "true" or "on"));
                    if (type == "checkbox" && !attributes.ContainsName("value")) attributes.SetAttribute("value", "true");
                    if (on) attributes.SetAttribute(new TagHelperAttribute("checked", null, HtmlAttributeValueStyle.Minimized));
                    else attributes.RemoveAll("checked");
                }
                else if (type is "file")
                    throw new InvalidOperationException($"lv-field=\"{Field}\" is a file input: bind it with lv-upload=\"NAME\" (see AllowUpload), not lv-field.");
                else if (type is not "password" && values.Count > 0) attributes.SetAttribute("value", values[0]);
                break;
        }
    }
}
