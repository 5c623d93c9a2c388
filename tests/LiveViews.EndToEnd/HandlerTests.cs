using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.EndToEnd;

/// <summary>
/// The demo's handlers through the test harness (LiveViews.Testing), as an app's own tests would check them: the real hub
/// protocol in-process, the page's DOM, the client's behaviour on a virtual clock, several tabs on one server.
/// </summary>
public sealed class HandlerTests(DemoFactory demo) : IClassFixture<DemoFactory>
{
    [Fact]
    public async Task Counter_is_optimistic_and_refuses_to_go_below_zero()
    {
        await using var live = await demo.OpenAsync("/counter");
        await live.ClickAsync("#reset");
        Assert.Equal("0", live.Find("#count").TextContent);
        await live.ClickAsync("#decrement");
        Assert.Equal("0", live.Find("#count").TextContent); // predicted -1, reverted by the refusal
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
        Assert.Equal("Count cannot be negative", Assert.Single(live.Errors).Message);
        await live.ClickAsync("#increment");
        Assert.Equal("1", live.Find("#count").TextContent);
    }

    [Fact]
    public async Task The_readme_example_holds()
    {
        await using var live = await LiveViewTest.MountAsync(demo, "/counter");
        await live.ClickAsync("#increment");
        Assert.Equal("6", live.Find("#count").TextContent);

        await live.ClickAsync("#reset");
        live.Faults.HoldReplies();
        await live.ClickAsync("#decrement");
        Assert.Equal("-1", live.Find("#count").TextContent);
        Assert.Contains("optimistic-pending", live.Find("#count").ClassList);
        await live.Faults.ResumeRepliesAsync();
        Assert.Contains("optimistic-error", live.Find("#count").ClassList);
    }

    [Fact]
    public async Task Todos_add_toggle_delete_and_every_open_tab_sees_it()
    {
        await using var a = await demo.OpenAsync("/todos");
        await using var b = await demo.OpenAsync("/todos");
        var title = $"Harness {Guid.NewGuid():N}"[..16];

        await a.SubmitAsync("#new-todo", new { title });
        var id = Assert.Single(demo.Services.GetRequiredService<LiveViews.Demo.Data.ITodoStore>().All(), t => t.Title == title).Id;
        Assert.Equal("", a.Value("#new-title")); // the accepted submit shows the server's render of the form
        await b.WaitForAsync($"#todo-{id}");

        await a.ClickAsync($"#todo-{id} .toggle");
        Assert.Contains("done", a.Find($"#todo-{id}").ClassList);
        await b.WaitUntilAsync(p => p.Find($"#todo-{id}").ClassList.Contains("done"));
        Assert.True(b.IsChecked($"#todo-{id} .toggle"));

        await a.ClickAsync($"#todo-{id} .delete");
        Assert.Empty(a.FindAll($"#todo-{id}"));
        await b.WaitUntilAsync(p => p.FindAll($"#todo-{id}").Count == 0);

        await a.SubmitAsync("#new-todo", new { title = "  " });
        Assert.Equal("Please enter a title", Assert.Single(a.Errors).Message);
        Assert.Empty(b.Errors);
    }

    [Fact]
    public async Task A_tab_that_has_not_heard_of_a_delete_yet_gets_its_toggle_refused_and_reverted()
    {
        await using var a = await demo.OpenAsync("/todos");
        await using var b = await demo.OpenAsync("/todos");
        var title = $"Stale {Guid.NewGuid():N}"[..14];
        await a.SubmitAsync("#new-todo", new { title });
        var row = $"#todo-{demo.Services.GetRequiredService<LiveViews.Demo.Data.ITodoStore>().All().Single(t => t.Title == title).Id}";
        await b.WaitForAsync(row);

        b.Faults.HoldReplies(); // b's network is slow: the delete's push has not arrived
        await a.ClickAsync($"{row} .delete");
        await b.ClickAsync($"{row} .toggle");
        Assert.True(b.IsChecked($"{row} .toggle")); // predicted
        await b.Faults.ResumeRepliesAsync();
        Assert.Equal("That to-do no longer exists", Assert.Single(b.Errors).Message);
        Assert.Empty(b.FindAll(row));
    }

    [Fact]
    public async Task Search_is_debounced_on_the_virtual_clock()
    {
        await using var live = await demo.OpenAsync("/search");
        await live.InputAsync("#search", "wal");
        await live.InputAsync("#search", "walrus");
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(299));
        Assert.Equal("0", live.Find("#search-events").TextContent);
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(1));
        Assert.Equal("1", live.Find("#search-events").TextContent); // one event for the burst
        Assert.All(live.FindAll("#results li"), li => Assert.Contains("walrus", li.TextContent, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_slider_is_optimistic_and_throttled_and_the_last_value_wins()
    {
        await using var live = await demo.OpenAsync("/slider");
        for (var v = 31; v <= 40; v++) await live.InputAsync("#volume", v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("31", live.Find("#volume-value").TextContent); // the leading event; the rest wait for the window
        Assert.Equal("40", live.Value("#volume"));
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(100));
        Assert.Equal("40", live.Find("#volume-value").TextContent);
        Assert.Equal("2", live.Find("#events-received").TextContent);
    }

    [Fact]
    public async Task Dashboard_cards_are_components_the_clock_ticks_on_the_virtual_clock_and_its_hook_resets_it()
    {
        await using var live = await demo.OpenAsync("/dashboard");
        await live.ClickAsync("#card-a .increment");
        Assert.Equal("1", live.Find("#card-a .value").TextContent);
        Assert.Equal("0", live.Find("#card-b .value").TextContent);
        await live.ClickAsync("#card-faulty .boom");
        Assert.Contains("lv-component-error", live.Find("#card-faulty").ClassList);

        await live.AdvanceAsync(TimeSpan.FromSeconds(2));
        await live.WaitUntilAsync(p => p.PushedEvents.Count(e => e.Name == "tick") >= 2);
        await live.PushEventAsync("#clock-reset", "ResetClock");
        Assert.Equal("1", live.Find("#clock-resets").TextContent);
        Assert.Equal(0, live.PushedEvents[^1].Payload.GetProperty("seconds").GetInt64());
    }

    [Fact]
    public async Task Signup_validates_the_touched_fields_as_you_type_and_an_invalid_submit_focuses_the_first_error()
    {
        await using var live = await demo.OpenAsync("/signup");
        await live.InputAsync("#Name", "A"); // the form's lv-change, debounced 150 ms
        Assert.True(live.IsPending);
        await live.AdvanceAsync(TimeSpan.FromMilliseconds(150));
        Assert.Equal("The name needs 2 to 40 characters.", live.Find("#error-Name").TextContent);
        Assert.Equal("", live.Find("#error-Email").TextContent); // not touched yet

        await live.SubmitAsync("#signup", new { Name = "Ada", Email = "nope" });
        Assert.Equal("That does not look like an e-mail address.", live.Find("#error-Email").TextContent);
        Assert.Equal("nope", live.Value("#Email")); // kept: the render has invalid fields
        Assert.Same(live.Find("#Email"), live.FocusedElement);
        Assert.Empty(live.FindAll("#signup-done"));

        await live.SubmitAsync("#signup", new { Email = "ada@example.org", Age = "36" });
        Assert.Equal("Welcome aboard, Ada!", live.Find("#signup-done").TextContent);
        Assert.Equal("", live.Value("#Name")); // the view reset the form; the accepted submit shows its render
        Assert.Equal("Sign up", live.Find("#signup-submit").TextContent); // lv-disable-with reverted
    }

    [Fact]
    public async Task Photos_upload_through_the_real_protocol_and_save_and_refused_files_say_why()
    {
        await using var live = await demo.OpenAsync("/photos");
        var name = $"harness-{Guid.NewGuid():N}"[..16] + ".png";
        var png = new byte[40_000];
        System.Security.Cryptography.RandomNumberGenerator.Fill(png);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        var result = Assert.Single(await live.UploadAsync("#photo-input", (name, "image/png", png)));
        Assert.Equal(UploadOutcome.Uploaded, result.Outcome);

        await live.SubmitAsync("#photo-form"); // its reply follows the render of the completed file
        Assert.Contains(live.FindAll("#photo-list .entry-name"), e => e.TextContent == name);
        Assert.Contains("40,000 bytes", live.FindAll("#photo-list li").Single(li => li.TextContent.Contains(name)).TextContent);
        Assert.Empty(live.FindAll("#photo-queue li"));

        var refused = Assert.Single(await live.UploadAsync(".drop-zone label", ("notes.txt", "text/plain", "hello"u8.ToArray())));
        Assert.Equal(UploadOutcome.Refused, refused.Outcome);
        await live.WaitForAsync("#photo-error p");
        Assert.StartsWith("notes.txt: is not an accepted file type", live.Find("#photo-error p").TextContent);
    }
}

/// <summary>The demo's store, on the shared demo server.</summary>
[Collection(DemoCollection.Name)]
public sealed class TodoStoreTests(DemoFixture demo)
{
    [Fact]
    public void Todo_store_rolls_back_a_failed_transaction()
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
}
