using LiveViews.Tests.Harness;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Components;

/// <summary>
/// Live components through the test harness (clicks on the page, the DOM it shows, the replies it applied): render
/// scopes, lifecycle, parameters, error boundary, pushed events, lv-ignore. The wire-format checks stay in <see cref="ComponentTests"/>.
/// </summary>
public sealed class ComponentBehaviourTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    [Fact]
    public async Task A_click_inside_a_component_renders_only_that_component_and_patches_only_inside_it()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#card-a .increment");
        Assert.Equal("1", live.Find("#card-a .value").TextContent);
        var reply = live.Replies.Single();
        Assert.Equal("[]", reply.Ops); // nothing outside the card
        Assert.Equal(["card-a"], reply.Components);
        Assert.Equal("[[3,[0,0,0],\"1\",1]]", reply.ComponentOps("card-a")); // paths from the card's root [0]

        await live.ClickAsync("#card-b .increment");
        Assert.Equal("1", live.Find("#card-b .value").TextContent);
        Assert.Equal(2, live.Replies[^1].Version); // one version sequence per view
    }

    [Fact]
    public async Task A_parent_render_with_unchanged_parameters_does_not_render_the_components()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#retitle");
        Assert.Equal("renamed", live.Find("#heading").TextContent);
        Assert.Empty(live.Replies.Single().Components);
    }

    [Fact]
    public async Task New_parameters_update_the_component_once_keeping_its_state()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#card-a .increment");
        await live.ClickAsync("#step-5");
        Assert.Equal("+5", live.Find("#card-a .increment").TextContent);
        Assert.Equal("1", live.Find("#card-a .value").TextContent); // the value it counted is kept
        Assert.Null(live.Replies[^1].ComponentOps("card-b")); // card-b's parameters did not change
        await live.ClickAsync("#card-a .increment");
        Assert.Equal("6", live.Find("#card-a .value").TextContent);
    }

    [Fact]
    public async Task A_component_the_parent_stops_rendering_leaves_the_page_and_is_disposed()
    {
        await using var live = await host.MountAsync("/cards");
        var disposedBefore = Volatile.Read(ref CounterCard.Disposed);
        await live.ClickAsync("#hide-b");
        Assert.Empty(live.FindAll("#card-b"));
        Assert.True(Volatile.Read(ref CounterCard.Disposed) > disposedBefore);
    }

    [Fact]
    public async Task A_component_inside_a_memoized_row_keeps_its_state_while_other_rows_change()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#task-2 .edit");
        Assert.Equal("two", live.Value("#task-2 input.title")); // the editor opened in place
        await live.ClickAsync("#rename-3");
        Assert.Equal("drei", live.Find("#task-3 .title").TextContent);
        Assert.Null(live.Replies[^1].ComponentOps("editor-2")); // row 2 was reused: its editor is neither rendered nor disposed
        Assert.Single(live.FindAll("#task-2 .close"));
        await live.ClickAsync("#task-2 .close");
        Assert.Single(live.FindAll("#task-2 .edit"));
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task A_crashing_handler_leaves_the_card_on_its_last_render_flagged_and_the_rest_working()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#card-faulty .boom");
        Assert.Equal("The server failed to handle 'Boom'.", Assert.Single(live.Errors).Message);
        Assert.Contains("lv-component-error", live.Find("#card-faulty").ClassList);
        Assert.Equal("0", live.Find("#card-faulty .clicks").TextContent); // its last good render, not the state the crash left

        await live.ClickAsync("#card-a .increment");
        Assert.Equal("1", live.Find("#card-a .value").TextContent);
        await live.ClickAsync("#retitle");
        Assert.Equal("renamed", live.Find("#heading").TextContent);
    }

    [Fact]
    public async Task A_throwing_component_template_keeps_the_last_render_and_recovers_when_it_renders_again()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#card-faulty .break");
        Assert.Contains("lv-component-error", live.Find("#card-faulty").ClassList);
        await live.ClickAsync("#card-faulty .fix");
        Assert.DoesNotContain("lv-component-error", live.Find("#card-faulty").ClassList);
        Assert.Equal("1", live.Find("#card-faulty .clicks").TextContent); // the clicks counted meanwhile show
    }

    [Fact]
    public async Task A_rejected_component_event_is_an_error_without_the_error_state()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#card-a .reject");
        Assert.Equal(("Reject", "Not now"), (Assert.Single(live.Errors).Handler, live.Errors[0].Message));
        Assert.DoesNotContain("lv-component-error", live.Find("#card-a").ClassList);
        Assert.Empty(live.Replies[^1].Components);
    }

    [Fact]
    public async Task Pushed_events_travel_with_the_reply_and_send_update_renders_one_component()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#push");
        Assert.Equal(("note", "hello"), (live.PushedEvents[0].Name, live.PushedEvents[0].Payload.GetProperty("text").GetString()));
        await live.ClickAsync("#card-a .announce");
        Assert.Equal("{\"Id\":\"card-a\",\"Value\":0}", live.PushedEvents[1].Payload.GetRawText());

        await live.ClickAsync("#card-b .increment");
        await live.ClickAsync("#reset-b"); // SendUpdate renders card-b after the event's own reply
        await live.WaitUntilAsync(p => p.Find("#card-b .value").TextContent == "0");
        Assert.Equal("[[3,[0,0,0],\"0\",1]]", live.Replies[^1].ComponentOps("card-b"));
    }

    [Fact]
    public async Task An_lv_ignore_element_gets_its_attributes_patched_but_never_its_children()
    {
        await using var live = await host.MountAsync("/cards");
        await live.ClickAsync("#retag");
        Assert.Equal("client", live.Find("#canvas").GetAttribute("data-tag"));
        Assert.Equal("server", live.Find("#drawn").TextContent); // the <p> inside belongs to client code
    }
}
