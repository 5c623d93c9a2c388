using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace LiveViews.Hosting;

/// <summary>
/// <c>&lt;live-view type="typeof(CounterView)" params="new { start = 3 }" /&gt;</c> embeds a live view
/// (add <c>@addTagHelper *, LiveViews</c> to <c>_ViewImports.cshtml</c>).
/// </summary>
[HtmlTargetElement("live-view", TagStructure = TagStructure.WithoutEndTag)]
public sealed class LiveViewTagHelper(LiveViewRenderer renderer) : TagHelper
{
    /// <summary>The view type; must derive from <see cref="LiveView"/>.</summary>
    public Type Type { get; set; } = null!;

    /// <summary>Mount parameters: an anonymous object or a dictionary.</summary>
    public object? Params { get; set; }

    [ViewContext, HtmlAttributeNotBound]
    public ViewContext ViewContext { get; set; } = null!;

    public override async Task ProcessAsync(TagHelperContext context, TagHelperOutput output)
    {
        LiveViewRenderer.RefuseNesting(ViewContext, Type);
        output.TagName = null;
        output.Content.SetHtmlContent(await renderer.RenderAsync(Type, LiveViewParameters.From(Params), ViewContext.HttpContext));
    }
}
