namespace LiveViews.Tests.Harness;

/// <summary>Fault injection makes optimistic paths testable deterministically: failing handlers, held, reordered and delayed replies, dropped connections.</summary>
public sealed class FaultInjectionTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    [Fact]
    public async Task The_apps_own_failing_handler_reverts_the_prediction_and_flags_it_for_two_seconds()
    {
        await using var live = await host.MountAsync("/harness");
        for (var i = 0; i < 5; i++) await live.ClickAsync("#decrement");
        Assert.Equal("0", live.Find("#count").TextContent);
        live.Faults.HoldReplies();
        await live.ClickAsync("#decrement");
        Assert.Equal("-1", live.Find("#count").TextContent); // predicted

        await live.Faults.ResumeRepliesAsync();
        Assert.Equal("0", live.Find("#count").TextContent); // reverted
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
        var error = Assert.Single(live.Errors);
        Assert.Equal(("Decrement", "Count cannot be negative", 6L), (error.Handler, error.Message, error.Ref));
        await live.AdvanceAsync(TimeSpan.FromSeconds(2));
        Assert.DoesNotContain("optimistic-error", live.Find("#count").ClassList);
    }

    [Fact]
    public async Task Replies_released_out_of_order_make_the_page_resync_and_end_on_the_servers_state()
    {
        await using var live = await host.MountAsync("/harness");
        live.Faults.HoldReplies();
        await live.ClickAsync("#increment");
        await live.ClickAsync("#increment");
        await live.ClickAsync("#increment");
        Assert.Equal("8", live.Find("#count").TextContent);
        var held = live.Faults.HeldReplies;
        Assert.Equal([1L, 2L, 3L], held.Select(r => r.Version));

        await live.Faults.ReleaseAsync(held[2], held[0], held[1]);
        await live.Faults.ResumeRepliesAsync(); // the full render the resync asked for
        Assert.Equal("8", live.Find("#count").TextContent);
        Assert.Contains(live.Replies, r => r.IsFullRender);
        Assert.Empty(live.FindAll(".optimistic-pending"));
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task A_reply_later_than_the_timeout_reverts_and_flags_then_the_late_reply_is_applied()
    {
        await using var live = await host.MountAsync("/harness");
        live.Faults.DelayReplies(TimeSpan.FromSeconds(11));
        await live.ClickAsync("#increment");
        Assert.Equal("6", live.Find("#count").TextContent);
        await live.AdvanceAsync(TimeSpan.FromSeconds(10)); // EventReplyTimeout
        Assert.Equal("5", live.Find("#count").TextContent);
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
        await live.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal("6", live.Find("#count").TextContent);
        Assert.Empty(live.Faults.HeldReplies);
    }

    [Fact]
    public async Task A_dropped_connection_reverts_in_flight_events_queues_new_ones_and_sends_them_after_the_rejoin()
    {
        await using var live = await host.MountAsync("/harness");
        await live.ClickAsync("#increment"); // 6 on the server
        live.Faults.HoldReplies();
        await live.ClickAsync("#increment"); // in flight: the server may have run it
        await live.Faults.DisconnectAsync();
        Assert.Equal("6", live.Find("#count").TextContent);
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
        Assert.Contains("lv-disconnected", live.Root.ClassList);
        Assert.Equal("The connection was lost before the server answered.", Assert.Single(live.Errors).Message);
        Assert.Empty(live.Faults.HeldReplies); // lost with the connection

        await live.ClickAsync("#increment"); // while offline: predicted and queued
        Assert.Equal("7", live.Find("#count").TextContent);
        Assert.True(live.IsPending);
        Assert.False(live.IsConnected);

        await live.Faults.ResumeRepliesAsync();
        // The server retained the view: it re-attaches with its full render (7: it ran the click whose reply was lost),
        // then gets the queued click.
        await live.Faults.ReconnectAsync();
        Assert.True(live.IsConnected);
        Assert.Equal("8", live.Find("#count").TextContent);
        Assert.False(live.IsPending);
        Assert.Contains("lv-connected", live.Root.ClassList);
    }

    [Fact]
    public async Task A_reconnect_within_the_retention_window_keeps_the_view_its_state_and_its_timer()
    {
        await using var live = await host.MountAsync("/harness?timer=1");
        for (var i = 0; i < 3; i++) await live.ClickAsync("#increment");
        var id = Assert.Single(live.ViewIds);
        await live.Faults.DisconnectAsync();
        await live.AdvanceAsync(TimeSpan.FromSeconds(3)); // the detached view's timer goes on; nothing is sent
        Assert.Equal("0", live.Find("#ticks").TextContent);

        await live.Faults.ReconnectAsync();
        Assert.Equal(id, Assert.Single(live.ViewIds)); // the same view: no remount
        Assert.Equal("8", live.Find("#count").TextContent);
        Assert.Equal("3", live.Find("#ticks").TextContent); // in the full render of the re-attach
        await live.ClickAsync("#increment");
        Assert.Equal("9", live.Find("#count").TextContent);
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task Releasing_a_reply_twice_is_an_error()
    {
        await using var live = await host.MountAsync("/harness");
        live.Faults.HoldReplies();
        await live.ClickAsync("#increment");
        var reply = live.Faults.HeldReplies.Single();
        await live.Faults.ReleaseAsync(reply);
        Assert.Throws<InvalidOperationException>(() => { live.Faults.ReleaseAsync(reply).GetAwaiter().GetResult(); });
    }
}
