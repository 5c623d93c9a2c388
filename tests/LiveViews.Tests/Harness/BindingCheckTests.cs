namespace LiveViews.Tests.Harness;

/// <summary>The harness refuses gestures a person could not make or that would do nothing, with messages naming the selector and what it found.</summary>
public sealed class BindingCheckTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    private static async Task<string> FailsAsync(Func<Task> action) => (await Assert.ThrowsAsync<LiveViewTestException>(action)).Message;

    [Fact]
    public async Task A_selector_that_matches_nothing_names_it_and_lists_the_ids_of_the_view()
    {
        await using var live = await host.MountAsync("/harness");
        var message = await FailsAsync(() => live.ClickAsync("#incremnt"));
        Assert.StartsWith("ClickAsync(\"#incremnt\"): no element matches in the page. Ids in its live views: #title #count #increment", message);
        Assert.Contains("no element matches", Assert.Throws<LiveViewTestException>(() => live.Find(".nothing")).Message);
    }

    [Fact]
    public async Task A_selector_that_matches_several_elements_lists_them()
    {
        await using var live = await host.MountAsync("/harness");
        var message = await FailsAsync(() => live.ClickAsync("#todos .toggle"));
        Assert.Equal("ClickAsync(\"#todos .toggle\"): 2 elements match, expected one: "
            + "<input type=\"checkbox\" class=\"toggle\" lv-change=\"Toggle\" lv-value-id=\"1\" lv-optimistic=\"toggle-class:done closest:li\">, "
            + "<input type=\"checkbox\" class=\"toggle\" lv-change=\"Toggle\" lv-value-id=\"2\" lv-optimistic=\"toggle-class:done closest:li\" checked=\"checked\">.", message);
    }

    [Fact]
    public async Task Clicking_an_element_without_lv_click_fails_and_sends_nothing()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.Equal("ClickAsync(\"#plain\"): <span id=\"plain\"> has no lv-click, nor has an ancestor inside its live view.",
            await FailsAsync(() => live.ClickAsync("#plain")));
        Assert.Equal("ClickAsync(\"#name\"): <input id=\"name\" lv-change=\"Rename\" value=\"ada\" lv-focus=\"Focused\" lv-blur=\"Blurred\"> has no lv-click, nor has an ancestor inside its live view.",
            await FailsAsync(() => live.ClickAsync("#name")));
        Assert.Empty(live.Replies);
    }

    [Fact]
    public async Task A_disabled_control_cannot_be_used()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.Equal("ClickAsync(\"#disabled\"): <button id=\"disabled\" lv-click=\"Increment\" disabled=\"\"> is disabled, so a person cannot use it.",
            await FailsAsync(() => live.ClickAsync("#disabled")));
    }

    [Fact]
    public async Task Typing_needs_lv_input_and_says_when_lv_change_is_what_handles_the_field()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.EndsWith("has no lv-input, nor has an ancestor inside its live view (it has lv-change: use ChangeAsync).",
            await FailsAsync(() => live.InputAsync("#name", "x")));
        Assert.Equal("InputAsync(\"#todos li:first-child .toggle\"): <input type=\"checkbox\" class=\"toggle\" lv-change=\"Toggle\" lv-value-id=\"1\" lv-optimistic=\"toggle-class:done closest:li\"> is not a text field or textarea (use ClickAsync or CheckAsync for a checkbox or radio).",
            await FailsAsync(() => live.InputAsync("#todos li:first-child .toggle", "x")));
        Assert.Equal("ChangeAsync(\"#title\"): <h1 id=\"title\"> is not a text field or textarea.", await FailsAsync(() => live.ChangeAsync("#title", "x")));
        Assert.Equal("ChangeAsync(\"#size\"): <select id=\"size\" lv-change=\"Resize\"> has no option with value \"xl\" (options: \"s\", \"m\", \"l\").",
            await FailsAsync(() => live.ChangeAsync("#size", "xl")));
    }

    [Fact]
    public async Task Submitting_needs_lv_submit_and_fields_the_form_has()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.Equal("SubmitAsync(\"#colors\"): <form id=\"colors\" lv-change=\"Paint\"> has no lv-submit, nor has an ancestor inside its live view.",
            await FailsAsync(() => live.SubmitAsync("#colors")));
        Assert.Equal("SubmitAsync(\"#new-todo\"): <form id=\"new-todo\" lv-submit=\"Add\"> has no enabled field named \"titel\" (fields: \"title\", \"urgent\").",
            await FailsAsync(() => live.SubmitAsync("#new-todo", new { titel = "typo" })));
        Assert.Empty(live.Replies);
    }

    [Fact]
    public async Task Keys_hooks_and_selectors_are_checked_too()
    {
        await using var live = await host.MountAsync("/harness");
        Assert.Equal("KeyDownAsync(\"#search\"): <input id=\"search\" type=\"search\" lv-input=\"Search\" value=\"\"> has no lv-keydown, nor has an ancestor inside its live view.",
            await FailsAsync(() => live.KeyDownAsync("#search", "Enter")));
        Assert.Equal("PushEventAsync(\"#count\"): <output id=\"count\"> is not a client hook's element (no lv-hook on it or an ancestor).",
            await FailsAsync(() => live.PushEventAsync("#count", "Ping")));
        Assert.StartsWith("Find(\"li[\"): not a valid CSS selector", Assert.Throws<LiveViewTestException>(() => live.Find("li[")).Message);
    }

    [Fact]
    public async Task A_page_with_two_views_is_searched_whole()
    {
        await using var live = await host.MountAsync("/embed");
        Assert.Equal(2, live.ViewIds.Count);
        Assert.StartsWith("Find(\"#count\"): 2 elements match, expected one: <p id=\"count\">, <p id=\"count\">", Assert.Throws<LiveViewTestException>(() => live.Find("#count")).Message);
        Assert.Equal(["12", "34"], live.FindAll("#count").Select(e => e.TextContent));
    }
}
