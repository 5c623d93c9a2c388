using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Components;

/// <summary>
/// <c>&lt;live-component type="typeof(TodoEditor)" id="@("editor-" + t.Id)" params="new { Todo = t }" /&gt;</c>: the tag
/// helper form of <c>Html.LiveComponentAsync</c> (add <c>@addTagHelper *, LiveViews</c> to <c>_ViewImports.cshtml</c>).
/// </summary>
[HtmlTargetElement("live-component", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LiveComponentTagHelper : TagHelper
{
    /// <summary>The component type; must derive from <see cref="LiveComponent"/>.</summary>
    public Type Type { get; set; } = null!;

    /// <summary>The component's stable id, unique within the view.</summary>
    public string Id { get; set; } = "";

    /// <summary>Parameters: an anonymous object or a dictionary.</summary>
    public object? Params { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        if (!typeof(LiveComponent).IsAssignableFrom(Type))
            throw new InvalidOperationException($"<live-component type=\"{Type}\">: the type must derive from LiveComponent.");
        output.TagName = null;
        output.Content.SetHtmlContent(await LiveComponentRenderer.RenderAsync(ViewContext, Type, Id, Params));
    }
}
