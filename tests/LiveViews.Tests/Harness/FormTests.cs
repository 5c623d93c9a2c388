namespace LiveViews.Tests.Harness;

/// <summary>Live forms through the harness against the real server (FormProbeView: LiveForm validation, touched fields, the reset rule).</summary>
public sealed class FormTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    [Fact]
    public async Task Typing_validates_only_the_touched_field_and_a_first_blur_touches_the_next()
    {
        await using var live = await host.MountAsync("/form");
        await live.InputAsync("#Name", "A"); // the form's lv-change answers typing in it
        Assert.Contains("minimum length of 2", live.Find("#error-Name").TextContent);
        Assert.Equal("true", live.Find("#Name").GetAttribute("aria-invalid"));
        Assert.Equal("", live.Find("#error-Email").TextContent); // invalid too, but not touched yet
        Assert.Equal("A", live.Value("#Name")); // the server renders no keystroke back

        await live.FocusAsync("#Email");
        await live.BlurAsync(); // the first time it loses focus: it is touched, the form validates
        Assert.Equal("The Email field is required.", live.Find("#error-Email").TextContent);
        var validations = live.Replies.Count;
        await live.FocusAsync("#Email");
        await live.BlurAsync(); // touched already: no event
        Assert.Equal(validations, live.Replies.Count);
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task A_submit_with_errors_keeps_what_was_typed_and_moves_focus_to_the_first_invalid_field()
    {
        await using var live = await host.MountAsync("/form");
        await live.SubmitAsync("#account", new { Name = "Ada", Email = "not an address", Age = "36" });
        Assert.Equal("0", live.Find("#saved").TextContent.Trim()); // the work did not run
        Assert.Equal("not an address", live.Value("#Email")); // not reset: the render has aria-invalid fields
        Assert.Equal("Ada", live.Value("#Name"));
        Assert.Same(live.Find("#Email"), live.FocusedElement); // the first invalid field
        Assert.Contains("not a valid e-mail address", live.Find("#error-Email").TextContent);

        await live.SubmitAsync("#account", new { Email = "ada@example.org", Terms = true });
        Assert.Equal("1 Ada", live.Find("#saved").TextContent.Trim());
        Assert.Empty(live.FindAll("[aria-invalid]"));
        Assert.Equal(live.Find("#Email").GetAttribute("value"), live.Value("#Email")); // reset: the fields show the server's render
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task Lv_disable_with_disables_the_submit_button_and_shows_its_text_until_the_reply()
    {
        await using var live = await host.MountAsync("/form");
        live.Faults.HoldReplies();
        await live.SubmitAsync("#account", new { Name = "Bo" });
        Assert.Equal("Saving…", live.Find("#save").TextContent);
        Assert.True(live.Find("#save").HasAttribute("disabled"));
        Assert.True(live.IsPending);

        await live.Faults.ResumeRepliesAsync();
        Assert.Equal("Save", live.Find("#save").TextContent);
        Assert.False(live.Find("#save").HasAttribute("disabled"));
    }
}
