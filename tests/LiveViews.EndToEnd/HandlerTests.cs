namespace LiveViews.EndToEnd;

/// <summary>
/// The demo's handlers over the real hub protocol, with the arguments the browser client sends (docs/protocol.md),
/// without a browser: binding, validation errors, persistence, pub/sub and the server-side throttle.
/// </summary>
[Collection(DemoCollection.Name)]
public sealed class HandlerTests(DemoFixture demo)
{
    [Fact]
    public async Task Counter_refuses_to_go_below_zero()
    {
        await using var hub = await HubClient.JoinAsync(demo.BaseUrl, "/counter");
        Assert.Equal(1, hub.Joined["m"]!["Increment"]!["o"]!.GetValue<int>()); // optimistic
        Assert.Null((await hub.SendEventAsync("Reset", new { }))["e"]);
        var reply = await hub.SendEventAsync("Decrement", new { });
        Assert.Equal("Count cannot be negative", reply["e"]!.GetValue<string>());
        Assert.Null((await hub.SendEventAsync("Increment", new { }))["e"]);
    }

    [Fact]
    public async Task Todos_add_toggle_delete_with_browser_arguments_and_publish_to_other_views()
    {
        await using var a = await HubClient.JoinAsync(demo.BaseUrl, "/todos");
        await using var b = await HubClient.JoinAsync(demo.BaseUrl, "/todos");
        var title = $"Hub {Guid.NewGuid():N}"[..12];

        var reply = await a.SendEventAsync("Add", new { title });
        Assert.Null(reply["e"]);
        var todo = Assert.Single(demo.Todos.All(), t => t.Title == title);
        await b.NextReplyAsync(r => r["r"]!.GetValue<long>() == 0); // B gets a server push

        reply = await a.SendEventAsync("Toggle", new { id = todo.Id.ToString(), @checked = true, value = "on" });
        Assert.Null(reply["e"]);
        Assert.True(demo.Todos.All().Single(t => t.Id == todo.Id).Done);
        reply = await a.SendEventAsync("Toggle", new { id = todo.Id.ToString(), @checked = false, value = "on" });
        Assert.False(demo.Todos.All().Single(t => t.Id == todo.Id).Done);

        reply = await a.SendEventAsync("Delete", new { id = todo.Id.ToString() });
        Assert.Null(reply["e"]);
        Assert.DoesNotContain(demo.Todos.All(), t => t.Id == todo.Id);

        Assert.Equal("Please enter a title", (await a.SendEventAsync("Add", new { title = "  " }))["e"]!.GetValue<string>());
        Assert.Equal("That to-do no longer exists", (await a.SendEventAsync("Toggle", new { id = todo.Id.ToString(), @checked = true }))["e"]!.GetValue<string>());
    }

    [Fact]
    public async Task Todo_store_rolls_back_a_failed_transaction()
    {
        var before = demo.Todos.All();
        Assert.Throws<InvalidOperationException>(() => demo.Todos.InTransaction<int>((connection, transaction) =>
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO todos (title) VALUES ('half-done')";
            command.ExecuteNonQuery();
            throw new InvalidOperationException("midway");
        }));
        Assert.Equal(before, demo.Todos.All());
        Assert.Throws<ArgumentException>(() => demo.Todos.Add(new string('x', 201)));
        Assert.Equal(before, demo.Todos.All());
    }

    [Fact]
    public async Task Search_and_slider_declare_debounce_and_throttle_and_the_server_coalesces()
    {
        await using var search = await HubClient.JoinAsync(demo.BaseUrl, "/search");
        Assert.Equal(300, search.Joined["m"]!["Search"]!["d"]!.GetValue<int>());
        Assert.Null((await search.SendEventAsync("Search", new { value = "walrus" }))["e"]);

        await using var slider = await HubClient.JoinAsync(demo.BaseUrl, "/slider");
        Assert.Equal(100, slider.Joined["m"]!["SetVolume"]!["t"]!.GetValue<int>());
        long last = 0;
        for (var v = 1; v <= 20; v++) last = await slider.SendEventNoWaitAsync("SetVolume", new { value = v.ToString() });
        var settled = await slider.NextReplyAsync(r => r["a"]!.GetValue<long>() >= last);
        Assert.Null(settled["e"]);
    }
}
