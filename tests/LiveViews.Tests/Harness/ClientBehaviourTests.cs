namespace LiveViews.Tests.Harness;

/// <summary>The harness runs the browser client's behaviour against the real server: arguments, predictions, debounce and throttle on the virtual clock, forms, focus.</summary>
public sealed class ClientBehaviourTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    [Fact]
    public async Task A_click_is_predicted_at_once_and_confirmed_by_the_reply()
    {
        await using var live = await host.MountAsync("/harness");
        live.Faults.HoldReplies();
        await live.ClickAsync("#increment");
        Assert.Equal("6", live.Find("#count").TextContent); // the prediction, before the server answered
        Assert.Contains("optimistic-pending", live.Find("#count").ClassList);
        Assert.True(live.IsPending);
        Assert.Single(live.Faults.HeldReplies);

        await live.Faults.ResumeRepliesAsync();
        Assert.Equal("6", live.Find("#count").TextContent);
        Assert.DoesNotContain("optimistic-pending", live.Find("#count").ClassList);
        Assert.False(live.IsPending);
        Assert.Equal("[[3,[2,0],\"6\",1]]", live.Replies.Single().Ops);
    }

    [Fact]
    public async Task A_checkbox_click_toggles_it_sends_checked_and_value_and_predicts_the_row_class()
    {
        await using var live = await host.MountAsync("/harness");
        live.Faults.HoldReplies();
        await live.ClickAsync("#todo-1 .toggle");
        Assert.True(live.IsChecked("#todo-1 .toggle"));
        Assert.Equal("done optimistic-pending", live.Find("#todo-1").ClassName);
        await live.Faults.ResumeRepliesAsync();
        Assert.Equal("done", live.Find("#todo-1").ClassName);
        Assert.True(live.IsChecked("#todo-1 .toggle"));
        await live.CheckAsync("#todo-2 .toggle", false);
        Assert.Null(live.Find("#todo-2").GetAttribute("class"));
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task Submitting_fills_the_form_sends_its_fields_and_resets_it_to_the_server_render()
    {
        await using var live = await host.MountAsync("/harness");
        await live.SubmitAsync("#new-todo", new { title = "bread", urgent = true });
        Assert.Equal("BREAD", live.Find("#todo-3 .title").TextContent);
        Assert.Equal("", live.Value("#new-title"));
        Assert.False(live.IsChecked("#urgent"));

        await live.SubmitAsync("#new-todo", new { title = "  " });
        Assert.Equal("Please enter a title", Assert.Single(live.Errors).Message);
        Assert.Equal("  ", live.Value("#new-title")); // a refused submit keeps what was typed
        Assert.Equal("Add", live.Find("#add").TextContent); // its loading text reverted
        Assert.False(live.Find("#add").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_textarea_a_multiple_select_and_the_submitter_travel_like_a_browser_submission()
    {
        await using var live = await host.MountAsync("/harness");
        await live.SubmitAsync("#save-notes", new Dictionary<string, object?> { ["notes"] = "buy milk", ["tags"] = new[] { "a", "c" } });
        Assert.Equal("buy milk [a,c]", live.Find("#notes-value").TextContent);
    }

    [Fact]
    public async Task Debounced_typing_sends_once_on_the_virtual_clock_and_a_blur_flushes()
    {
        await using var live = await host.MountAsync("/harness");
        await live.InputAsync("#search", "a");
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(200));
        await live.InputAsync("#search", "am");
        await live.InputAsync("#search", "amb");
        Assert.True(live.IsPending); // held by the debounce
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(299));
        Assert.Equal(" (0)", live.Find("#query").TextContent);
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal("amb (1)", live.Find("#query").TextContent);

        await live.InputAsync("#search", "amber");
        await live.FocusAsync("#name"); // focus leaves the search field: its debounced event goes now
        Assert.Equal("amber (2)", live.Find("#query").TextContent);
        Assert.Equal("in", live.Find("#focus").TextContent);
        Assert.False(live.IsPending);
    }

    [Fact]
    public async Task A_throttled_slider_sends_the_leading_value_at_once_and_the_latest_when_the_window_closes()
    {
        await using var live = await host.MountAsync("/harness");
        await live.InputAsync("#volume", "10");
        await live.InputAsync("#volume", "20");
        await live.InputAsync("#volume", "30");
        Assert.Equal("10 (1)", live.Find("#volume-value").TextContent);
        Assert.Equal("30", live.Value("#volume")); // what the user dragged to stays shown
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal("30 (2)", live.Find("#volume-value").TextContent);
        Assert.False(live.IsPending);
    }

    [Fact]
    public async Task Selects_radios_keys_focus_and_blur_reach_their_handlers()
    {
        await using var live = await host.MountAsync("/harness");
        await live.ChangeAsync("#size", "l");
        Assert.Equal("l", live.Find("#size-value").TextContent);
        await live.ClickAsync("#blue");
        Assert.Equal("blue", live.Find("#color-value").TextContent);
        Assert.False(live.IsChecked("#red"));
        await live.KeyDownAsync("#key", "a"); // lv-key="Enter" filters it out, as in the browser
        Assert.Equal("", live.Find("#last-key").TextContent);
        await live.KeyDownAsync("#key", "Enter");
        Assert.Equal("Enter:typed", live.Find("#last-key").TextContent);
        await live.FocusAsync("#name");
        Assert.Equal("in", live.Find("#focus").TextContent);
        await live.BlurAsync();
        Assert.Equal("out", live.Find("#focus").TextContent);
    }

    [Fact]
    public async Task The_focused_field_keeps_what_the_user_typed_while_its_attribute_takes_the_server_value()
    {
        await using var live = await host.MountAsync("/harness");
        await live.ChangeAsync("#name", "  grace ");
        Assert.Equal("grace", live.Find("#name-value").TextContent);
        Assert.Equal("grace", live.Find("#name").GetAttribute("value"));
        Assert.Equal("  grace ", live.Value("#name")); // focused: a patch never overwrites what is being typed
    }

    [Fact]
    public async Task A_hook_push_event_reaches_the_handler_and_pushed_events_are_recorded()
    {
        await using var live = await host.MountAsync("/harness");
        await live.PushEventAsync("#ping", "Ping", new { text = "hi" });
        var pushed = Assert.Single(live.PushedEvents);
        Assert.Equal("pong", pushed.Name);
        Assert.Equal("hi", pushed.Payload.GetProperty("text").GetString());
        Assert.Equal(5, pushed.PayloadAs<Pong>()!.Count);
        var failure = await Assert.ThrowsAsync<LiveViewTestException>(() => live.PushEventAsync("#ping", "Ping"));
        Assert.Contains("Missing argument 'text'", failure.Message);
    }

    [Fact]
    public async Task Server_timers_run_on_the_shared_virtual_clock()
    {
        await using var live = await host.MountAsync("/harness?timer=1");
        await live.AdvanceAsync(TimeSpan.FromSeconds(3));
        await live.WaitUntilAsync(p => p.Find("#ticks").TextContent == "3");
    }

    [Fact]
    public async Task Before_the_join_events_wait_in_the_outbox_predicted_and_go_out_after_it()
    {
        await using var live = await host.MountAsync("/harness", connect: false);
        Assert.Contains("lv-connecting", live.Root.ClassList);
        await live.ClickAsync("#increment");
        await live.ClickAsync("#increment");
        Assert.Equal("7", live.Find("#count").TextContent);
        Assert.True(live.IsPending);
        Assert.Empty(live.Replies);
        await live.ConnectAsync();
        Assert.Equal("7", live.Find("#count").TextContent);
        Assert.Equal([1L, 2L], live.Replies.Select(r => r.Ref));
        Assert.Contains("lv-connected", live.Root.ClassList);
        Assert.False(live.IsPending);
    }

    [Fact]
    public async Task A_node_a_script_added_fails_the_next_check_and_the_page_resyncs_as_a_node_list_onto_the_servers_tree()
    {
        await using var live = await host.MountAsync("/harness");
        var stray = live.Document.CreateElement("li");
        stray.TextContent = "added by a script";
        live.Find("#todos").InsertBefore(stray, live.Find("#todo-1")); // the list the next patch works in is now longer

        await live.ClickAsync("#todo-1 .toggle");
        Assert.Contains(live.Warnings, w => w.StartsWith("lv: patch failed, resyncing: lv: op ", StringComparison.Ordinal));
        var full = Assert.Single(live.Replies, r => r.IsFullRender);
        Assert.Equal(System.Text.Json.JsonValueKind.Array, full.Json.GetProperty("h").ValueKind); // asked for as a node list
        Assert.DoesNotContain("added by a script", live.Html);
        Assert.Equal("done", live.Find("#todo-1").ClassName); // the server's state, with the toggle applied

        await live.ClickAsync("#increment"); // later patches apply again
        Assert.Equal("6", live.Find("#count").TextContent);
        Assert.Single(live.Replies, r => r.IsFullRender);
    }

    private sealed record Pong(string Text, int Count);
}
