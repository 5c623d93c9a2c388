using System.Diagnostics;

namespace LiveViews.Cluster.Tests;

/// <summary>The demo as users of a load-balanced deployment meet it: tabs on different nodes, a node crash, a rolling restart.</summary>
public sealed class ClusterTests(ClusterFixture cluster, Xunit.Abstractions.ITestOutputHelper output) : ClusterBrowserTest(cluster)
{
    [Fact]
    public async Task Two_tabs_on_different_nodes_see_each_others_todos_live()
    {
        var one = await OpenTabAsync("/todos", "node1");
        var two = await OpenTabAsync("/todos", "node2");
        Assert.Equal("node1", await RenderedByAsync(one));
        Assert.Equal("node2", await RenderedByAsync(two));
        await Expect(one.Locator(".lead")).ToContainTextAsync("PostgreSQL");

        var title = UniqueTitle("Across nodes");
        await AddTodoAsync(one, title);
        await Expect(Row(two, title)).ToHaveCountAsync(1); // pushed to node2's view through Redis, no reload

        await Row(two, title).Locator("input[type=checkbox]").CheckAsync();
        await Expect(Row(one, title)).ToHaveClassAsync(HasClass("done"));
        Assert.True(Cluster.Database.All().Single(t => t.Title == title).Done);

        await Row(one, title).Locator(".delete").ClickAsync();
        await Expect(Row(two, title)).ToHaveCountAsync(0);
        Assert.DoesNotContain(Cluster.Database.All(), t => t.Title == title);
        Assert.Equal("node1", await PinnedNodeAsync(one));
        Assert.Equal("node2", await PinnedNodeAsync(two));
    }

    [Fact]
    public async Task A_tab_whose_node_is_killed_reconnects_through_nginx_to_another_node_with_its_typed_input_and_its_counter()
    {
        var victim = await OpenTabAsync("/todos", "node1");
        var witness = await OpenTabAsync("/todos", "node2");
        var counter = await OpenTabAsync("/counter", "node1");
        for (var i = 0; i < 3; i++) await counter.ClickAsync("#increment");
        await Expect(counter.Locator("#count")).ToHaveTextAsync("8");
        await Expect(counter.Locator(".optimistic-pending")).ToHaveCountAsync(0); // confirmed: saved in Redis before the reply
        Assert.Equal("node1", await RenderedByAsync(victim));
        // The page changed since it was served, so the rejoin re-renders the view: the draft must survive that.
        var before = UniqueTitle("Before the crash");
        await AddTodoAsync(witness, before);
        await Expect(Row(victim, before)).ToHaveCountAsync(1);
        const string draft = "half-typed when the server died";
        await victim.FillAsync("#new-title", draft);

        var console = new System.Collections.Concurrent.ConcurrentQueue<string>();
        victim.Console += (_, m) => console.Enqueue($"{m.Type}: {m.Text}");
        Assert.Equal(0, await SocketsClosedAsync(victim));
        var clock = Stopwatch.StartNew();
        await Cluster.ClusterAsync("kill-node node1");
        await victim.WaitForFunctionAsync("() => window.__lvSocketsClosed > 0", null, new PageWaitForFunctionOptions { Timeout = 5000, PollingInterval = 10 });
        await WaitUntilLiveAsync(victim, timeout: 5000);
        var reconnected = clock.Elapsed;
        var closeToLive = await SinceLastCloseAsync(victim);
        output.WriteLine($"kill -9 of node1 to the tab live on node2: {reconnected.TotalMilliseconds:F0} ms including the kill command; " +
                         $"socket closed to live again: {closeToLive:F0} ms (+ up to 25 ms polling)");
        foreach (var line in console) output.WriteLine("console " + line);
        try
        {
            Assert.True(reconnected < TimeSpan.FromSeconds(5), $"reconnected after {reconnected.TotalSeconds:F1} s");
            Assert.Equal("node2", await PinnedNodeAsync(victim)); // nginx failed over and re-pinned the tab
            await Expect(victim.Locator("[data-lv-root]").First).ToHaveAttributeAsync("data-lv-node", "node2"); // the remount names its node
            await Expect(victim.Locator("#new-title")).ToHaveValueAsync(draft);
            await WaitUntilLiveAsync(counter, timeout: 5000);
            await Expect(counter.Locator("[data-lv-root]").First).ToHaveAttributeAsync("data-lv-node", "node2");
            await Expect(counter.Locator("#count")).ToHaveTextAsync("8"); // [PersistentState], from Redis

            // The view works on its new node: it receives pushes and runs events.
            var during = UniqueTitle("While node1 is down");
            await AddTodoAsync(witness, during);
            await Expect(Row(victim, during)).ToHaveCountAsync(1);
            await victim.PressAsync("#new-title", "Enter");
            await Expect(Row(victim, draft)).ToHaveCountAsync(1);
            await Expect(Row(witness, draft)).ToHaveCountAsync(1);
            Assert.Contains(Cluster.Database.All(), t => t.Title == draft);

            await victim.ReloadAsync();
            await WaitUntilLiveAsync(victim);
            Assert.Equal("node2", await RenderedByAsync(victim));
        }
        finally
        {
            await Cluster.ClusterAsync("start-node node1");
        }
        foreach (var t in Cluster.Database.All().Where(t => t.Title == draft)) Cluster.Database.Delete(t.Id);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_node_one_at_a_time_loses_no_todo_and_no_counter_value()
    {
        var tabs = new[] { await OpenTabAsync("/todos", "node1"), await OpenTabAsync("/todos", "node2") };
        var counters = new[] { await OpenTabAsync("/counter", "node1"), await OpenTabAsync("/counter", "node2") };
        var counts = new[] { 5, 5 };
        async Task IncrementAsync(int which)
        {
            await WaitUntilLiveAsync(counters[which], timeout: 15_000);
            await counters[which].ClickAsync("#increment");
            await Expect(counters[which].Locator("#count")).ToHaveTextAsync((++counts[which]).ToString());
            await Expect(counters[which].Locator(".optimistic-pending")).ToHaveCountAsync(0);
        }
        await IncrementAsync(0);
        await IncrementAsync(1);
        var added = new List<string>();
        foreach (var node in Cluster.Nodes)
        {
            await Cluster.ClusterAsync($"stop-node {node}"); // graceful: the node drains its views and closes their connections
            foreach (var tab in tabs)
            {
                await WaitUntilLiveAsync(tab, timeout: 15_000); // the tab that was on the stopped node moved to a live one
                var title = UniqueTitle($"While {node} restarts");
                await AddTodoAsync(tab, title);
                added.Add(title);
            }
            for (var which = 0; which < counters.Length; which++) await IncrementAsync(which); // each counter kept its value
            await Cluster.ClusterAsync($"start-node {node}");
            var title2 = UniqueTitle($"After {node} restarted");
            await AddTodoAsync(tabs[0], title2);
            added.Add(title2);
        }

        for (var which = 0; which < counters.Length; which++)
        {
            await WaitUntilLiveAsync(counters[which], timeout: 15_000);
            await Expect(counters[which].Locator("#count")).ToHaveTextAsync(counts[which].ToString());
        }
        var stored = Cluster.Database.All().Select(t => t.Title).ToHashSet();
        Assert.All(added, title => Assert.Contains(title, stored));
        foreach (var tab in tabs)
        foreach (var title in added)
            await Expect(Row(tab, title)).ToHaveCountAsync(1);
        // Fresh tabs on each (restarted) node see every one of them.
        foreach (var node in Cluster.Nodes)
        {
            var fresh = await OpenTabOnAsync("/todos", node);
            Assert.Equal(node, await RenderedByAsync(fresh));
            foreach (var title in added) await Expect(Row(fresh, title)).ToHaveCountAsync(1);
        }
    }
}
