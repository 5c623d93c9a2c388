using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Forms;

/// <summary>
/// <c>&lt;span lv-validation-for="Email"&gt;&lt;/span&gt;</c> inside a <c>&lt;form lv-form&gt;</c>: the field's first error
/// when it shows errors (touched, or after a submit), else empty; its id is the one the field's
/// <c>aria-describedby</c> names (<see cref="LiveForm.MessageId"/>), so a screen reader reads it with the field.
/// </summary>
[HtmlTargetElement("*", Attributes = MessageAttribute)]
public sealed class ValidationMessageTagHelper : TagHelper
{
    internal const string MessageAttribute = "lv-validation-for";

    /// <summary>The field whose message this is.</summary>
    [HtmlAttributeName(MessageAttribute)]
    public string Field { get; set; } = "";

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        var form = LiveFormTagHelper.FormOf(context, MessageAttribute, Field);
        var id = form.MessageId(Field);
        if (output.Attributes.TryGetAttribute("id", out var given) && given.Value?.ToString() != id)
            throw new InvalidOperationException($"lv-validation-for=\"{Field}\" has id \"{given.Value}\", but its field's aria-describedby names \"{id}\": remove the id (or set the form's IdPrefix).");
        output.Attributes.SetAttribute("id", id);
        var errors = form.VisibleErrors(Field);
        if (errors.Count > 0) output.Content.SetContent(errors[0]);
        else output.Content.Clear();
    }
}
