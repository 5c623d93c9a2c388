using LiveViews.Analyzers.Razor;

namespace LiveViews.Analyzers.Tests;

/// <summary>The tokenizer the analyzer reads templates with: tags and attributes as a browser's tokenizer sees them.</summary>
public sealed class HtmlTagScannerTests
{
    private static List<HtmlTag> Scan(params object[] parts)
    {
        var output = new RazorOutput();
        foreach (var part in parts)
        {
            if (part is char sentinel) output.Append(sentinel);
            else output.Append((string)part, -1);
        }
        return HtmlTagScanner.Scan(output);
    }

    [Fact]
    public void Quoted_values_may_hold_angle_brackets_and_the_other_quote()
    {
        var tag = Assert.Single(Scan("<button title=\"a > b 'c'\" lv-click='Go'>x</button>"), t => t.Kind == HtmlTagKind.Start);
        Assert.Equal("a > b 'c'", tag.Attribute("title")!.Value);
        Assert.Equal("Go", tag.Attribute("lv-click")!.Value);
    }

    [Fact]
    public void Unquoted_and_valueless_attributes()
    {
        var tag = Scan("<input type=checkbox checked lv-change=Toggle>")[0];
        Assert.Equal("checkbox", tag.Attribute("type")!.Value);
        Assert.Equal("", tag.Attribute("checked")!.Value);
        Assert.Equal("Toggle", tag.Attribute("lv-change")!.Value);
    }

    [Fact]
    public void Names_are_lower_cased_values_are_not_and_the_first_duplicate_wins()
    {
        var tag = Scan("<BUTTON LV-CLICK=\"Save\" lv-click=\"Other\">")[0];
        Assert.Equal("button", tag.Name);
        Assert.Equal("Save", tag.Attribute("lv-click")!.Value);
    }

    [Fact]
    public void Character_references_in_values_are_decoded()
    {
        Assert.Equal("a&b\"", Scan("<i data-x=\"a&amp;b&quot;\">")[0].Attribute("data-x")!.Value);
    }

    [Fact]
    public void Script_style_textarea_contents_and_comments_hold_no_tags()
    {
        var tags = Scan("<script>if (a<b) x='<button lv-click=\"X\">'</script><!-- <b lv-click=\"Y\"> --><textarea><i></textarea><p>");
        Assert.Equal(["script", "script", "textarea", "textarea", "p"], tags.Select(t => t.Name));
        Assert.DoesNotContain(tags, t => t.Attribute("lv-click") is not null);
    }

    [Fact]
    public void A_computed_value_is_null_and_computed_attributes_make_the_tag_open()
    {
        var computedValue = Scan("<input name=\"", RazorOutput.ValueHole, "\" lv-input=\"Search\">")[0];
        Assert.Null(computedValue.Attribute("name")!.Value);
        Assert.False(computedValue.HasUnknownAttributes);
        Assert.Equal("Search", computedValue.Attribute("lv-input")!.Value);

        var computedAttributes = Scan("<button ", RazorOutput.ContentHole, " lv-click=\"Go\">")[0];
        Assert.True(computedAttributes.HasUnknownAttributes);
        Assert.Equal("Go", computedAttributes.Attribute("lv-click")!.Value);
    }

    [Fact]
    public void Content_holes_and_tag_helpers_become_tokens()
    {
        var output = new RazorOutput();
        output.Append("<form>", -1);
        output.Append(RazorOutput.ContentHole);
        output.TagHelpers.Add(new TagHelperElement("form", [new("lv-submit", "Save"), new("lv-value-id", null)]));
        output.Append(RazorOutput.TagHelperStart);
        output.Append("<input name=\"title\">", -1);
        output.Append(RazorOutput.TagHelperEnd);
        output.Append("</form>", -1);
        var tags = HtmlTagScanner.Scan(output);
        Assert.Equal([HtmlTagKind.Start, HtmlTagKind.UnknownContent, HtmlTagKind.Start, HtmlTagKind.Start, HtmlTagKind.End, HtmlTagKind.End], tags.Select(t => t.Kind));
        var helper = tags[2];
        Assert.True(helper.IsTagHelper);
        Assert.Equal("Save", helper.Attribute("lv-submit")!.Value);
        Assert.Null(helper.Attribute("lv-value-id")!.Value);
        Assert.Equal("form", tags[4].Name);
    }

    [Fact]
    public void Source_offsets_follow_the_literals()
    {
        var output = new RazorOutput();
        output.Append("<p>", 10);
        output.Append(RazorOutput.ValueHole);
        output.Append("<b lv-click=\"X\">", 40);
        var b = HtmlTagScanner.Scan(output)[1];
        Assert.Equal(43, output.SourceOffset(b.Attribute("lv-click")!.Index));
        Assert.Equal(-1, output.SourceOffset(3));
    }
}
