namespace LiveViews.Analyzers.Tests;

/// <summary>What the analyzer reports on the sample app's templates, and where (file, line, column in the .cshtml).</summary>
public sealed class TemplateDiagnosticTests(SampleAppBuild build) : IClassFixture<SampleAppBuild>
{
    private BuildDiagnostic Single(string id, string file, int line)
    {
        var found = build.Diagnostics.Where(d => d.Id == id && d.File == file && d.Line == line).ToList();
        Assert.True(found.Count == 1, $"expected one {id} at {file}:{line}; the build printed:\n{build.Output}");
        return found[0];
    }

    [Fact]
    public void The_sample_fails_to_build_because_of_the_errors_only()
    {
        Assert.NotEqual(0, build.ExitCode);
        Assert.All(build.Diagnostics.Where(d => d.Severity == "error"), d => Assert.StartsWith("LV", d.Id));
    }

    [Fact]
    public void LV0001_a_binding_naming_no_handler_points_at_the_attribute_and_lists_the_handlers()
    {
        var typo = Single("LV0001", "Live/MistakesView.cshtml", 3);
        Assert.Equal(9, typo.Column);
        Assert.Equal("error", typo.Severity);
        Assert.Contains("lv-click=\"Incremnt\" in Live/MistakesView.cshtml: live view 'MistakesView' has no handler 'Incremnt' (its handlers: Add, Delete, Increment, Rename, save)", typo.Message);
    }

    [Fact]
    public void LV0001_a_wrongly_cased_handler_name_suggests_the_right_one()
    {
        Assert.Contains("did you mean 'Increment'? handler names are case-sensitive", Single("LV0001", "Live/MistakesView.cshtml", 4).Message);
    }

    [Fact]
    public void LV0001_a_handler_renamed_by_LiveEvent_Name_is_only_reachable_by_that_name()
    {
        Assert.Contains("has no handler 'SaveAll'", Single("LV0001", "Live/MistakesView.cshtml", 15).Message);
    }

    [Fact]
    public void LV0001_is_found_on_a_tag_helper_element_too()
    {
        // <form> is a tag helper element when MVC's tag helpers are imported: its attributes live in generated fields.
        Assert.Contains("lv-submit=\"Sav\" in TagHelpers/TagHelperView.cshtml", Single("LV0001", "TagHelpers/TagHelperView.cshtml", 3).Message);
    }

    [Fact]
    public void LV0001_a_live_component_template_is_checked_against_the_component()
    {
        Assert.Contains("lv-click=\"Bmp\" in Live/BadgeCard.cshtml: live component 'BadgeCard' has no handler 'Bmp' (its handlers: Bump, Set)",
            Single("LV0001", "Live/BadgeCard.cshtml", 4).Message);
    }

    [Fact]
    public void An_element_with_lv_target_sends_its_events_elsewhere_and_is_not_checked()
    {
        Assert.DoesNotContain(build.Diagnostics, d => d.File == "Live/MistakesView.cshtml" && d.Line == 16);
    }

    [Fact]
    public void LV0002_a_method_without_LiveEvent_is_not_a_handler()
    {
        var reset = Single("LV0002", "Live/MistakesView.cshtml", 5);
        Assert.Equal("error", reset.Severity);
        Assert.Contains("'MistakesView.Reset' is not marked [LiveEvent], so the browser cannot invoke it", reset.Message);
    }

    [Fact]
    public void LV0002_a_private_LiveEvent_method_named_by_a_binding()
    {
        Assert.Contains("'MistakesView.Secret' is not public", Single("LV0002", "Live/MistakesView.cshtml", 6).Message);
    }

    [Fact]
    public void LV0003_LiveEvent_on_a_private_or_static_method_points_at_the_method()
    {
        Assert.Contains("'MistakesView.Secret' is private", Single("LV0003", "Live/MistakesView.cs", 21).Message);
        Assert.Contains("'MistakesView.Shared' is static", Single("LV0003", "Live/MistakesView.cs", 23).Message);
    }

    [Fact]
    public void LV0004_a_form_without_the_field_a_parameter_needs()
    {
        var add = Single("LV0004", "Live/MistakesView.cshtml", 7);
        Assert.Equal("warning", add.Severity);
        Assert.Contains("nothing supplies parameter 'title' of 'MistakesView.Add' (the element sends its fields and attributes { titel })", add.Message);
    }

    [Fact]
    public void LV0004_a_button_without_lv_value_for_a_parameter()
    {
        Assert.Contains("parameter 'id' of 'MistakesView.Delete' (the element sends no arguments)", Single("LV0004", "Live/MistakesView.cshtml", 12).Message);
    }

    [Fact]
    public void An_input_supplies_value_and_lv_value_attributes_supply_the_rest()
    {
        Assert.DoesNotContain(build.Diagnostics, d => d.File == "Live/MistakesView.cshtml" && d.Line == 13);
    }

    [Fact]
    public void LV0005_live_view_and_live_component_without_their_tag_helper_are_raw_HTML()
    {
        var raw = Single("LV0005", "Untagged/Host.cshtml", 3);
        Assert.Contains("<live-view> in Untagged/Host.cshtml is sent to the browser as raw HTML: add '@addTagHelper *, LiveViews' to _ViewImports.cshtml", raw.Message);
        Assert.Contains("<live-component> in Untagged/Host.cshtml", Single("LV0005", "Untagged/Host.cshtml", 4).Message);
        Assert.DoesNotContain(build.Diagnostics, d => d.File == "Embedded/Host.cshtml");
    }

    [Fact]
    public void Correct_templates_get_no_diagnostic()
    {
        // CleanView uses every binding shape: forms, memoized rows, checkboxes, key events, enums, complex and optional
        // parameters, CancellationToken, computed names and fields, raw HTML in a form, bindings inside <script> and comments.
        Assert.DoesNotContain(build.Diagnostics, d => d.File.StartsWith("Live/CleanView", StringComparison.Ordinal));
        Assert.DoesNotContain(build.Diagnostics, d => d.File == "Live/BadgeCard.cshtml" && d.Line != 4);
        Assert.DoesNotContain(build.Diagnostics, d => d.File == "TagHelpers/TagHelperView.cshtml" && d.Line == 2);
    }

    [Fact]
    public void Every_diagnostic_is_accounted_for()
    {
        var expected = new[]
        {
            ("LV0001", "Live/MistakesView.cshtml", 3), ("LV0001", "Live/MistakesView.cshtml", 4), ("LV0002", "Live/MistakesView.cshtml", 5),
            ("LV0002", "Live/MistakesView.cshtml", 6), ("LV0004", "Live/MistakesView.cshtml", 7), ("LV0004", "Live/MistakesView.cshtml", 12),
            ("LV0001", "Live/MistakesView.cshtml", 15), ("LV0003", "Live/MistakesView.cs", 21), ("LV0003", "Live/MistakesView.cs", 23),
            ("LV0001", "TagHelpers/TagHelperView.cshtml", 3), ("LV0005", "Untagged/Host.cshtml", 3), ("LV0005", "Untagged/Host.cshtml", 4),
            ("LV0001", "Live/BadgeCard.cshtml", 4),
        };
        var actual = build.Diagnostics.Where(d => d.Id.StartsWith("LV", StringComparison.Ordinal)).Select(d => (d.Id, d.File, d.Line)).OrderBy(d => d).ToList();
        Assert.Equal(expected.OrderBy(d => d).ToList(), actual);
    }
}
