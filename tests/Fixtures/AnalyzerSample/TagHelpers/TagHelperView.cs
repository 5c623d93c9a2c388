namespace AnalyzerSample;

/// <summary>With MVC's tag helpers imported, &lt;form&gt; is a tag helper element: its attributes travel through the tag helper runtime.</summary>
[LiveTemplate("/TagHelpers/TagHelperView.cshtml")]
public sealed class TagHelperView : LiveView
{
    public string Title { get; set; } = "";
    [LiveEvent] public void Save(string title) { }
}
