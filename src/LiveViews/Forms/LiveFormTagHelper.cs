using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Forms;

/// <summary>
/// <c>&lt;form lv-form="Model.Signup" lv-change="Validate" lv-submit="Save"&gt;</c>: binds a <see cref="LiveForm"/> to the
/// form, so its <c>lv-field</c> inputs and <c>lv-validation-for</c> messages render its values and errors. Adds
/// <c>novalidate</c>: the server validates, and the browser's own bubbles would stop the submit before it could.
/// </summary>
[HtmlTargetElement("form", Attributes = FormAttribute)]
public sealed class LiveFormTagHelper : TagHelper
{
    internal const string FormAttribute = "lv-form";

    /// <summary>The view's form state.</summary>
    [HtmlAttributeName(FormAttribute)]
    public LiveForm Form { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (Form is null) throw new InvalidOperationException("lv-form needs a LiveForm, e.g. lv-form=\"Model.Signup\"; it was null.");
        context.Items[typeof(LiveForm)] = Form;
        if (!output.Attributes.ContainsName("novalidate")) output.Attributes.Add(new TagHelperAttribute("novalidate", null, HtmlAttributeValueStyle.Minimized));
    }

    /// <summary>The form bound by an enclosing <c>&lt;form lv-form&gt;</c>; throws a clear error when there is none.</summary>
    internal static LiveForm FormOf(TagHelperContext context, string attribute, string field) =>
        context.Items.TryGetValue(typeof(LiveForm), out var form) && form is LiveForm live
            ? live
            : throw new InvalidOperationException($"{attribute}=\"{field}\" must be inside a <form lv-form=\"Model.YourForm\">.");
}
