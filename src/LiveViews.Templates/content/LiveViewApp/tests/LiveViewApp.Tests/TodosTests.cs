using AngleSharp.Dom;

namespace LiveViewApp.Tests;

/// <summary>The to-do list through the in-process harness: a form submit, an optimistic toggle, a refused title, two tabs.</summary>
public sealed class TodosTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Submitting_the_form_adds_a_row_that_every_open_tab_sees()
    {
        await using var tab = await LiveViewTest.MountAsync(factory, "/todos");
        await using var other = await LiveViewTest.MountAsync(factory, "/todos");
        var title = UniqueTitle("Buy milk");

        await tab.SubmitAsync("#new-todo", new { title });

        var row = Row(tab, title);
        Assert.Equal("", tab.Value("#new-title")); // the server's render of the accepted form
        await other.WaitForAsync($"#{row.Id}"); // pub/sub: the other tab is patched too
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task Toggling_is_optimistic_and_confirmed_by_the_server()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/todos");
        var title = UniqueTitle("Walk the dog");
        await live.SubmitAsync("#new-todo", new { title });
        var selector = $"#{Row(live, title).Id}";

        live.Faults.HoldReplies();
        await live.ClickAsync($"{selector} input[type=checkbox]");
        Assert.Contains("done", live.Find(selector).ClassList); // predicted by lv-optimistic="toggle-class:done closest:li"
        Assert.True(live.IsPending);

        await live.Faults.ResumeRepliesAsync();
        Assert.False(live.IsPending);
        Assert.Contains("done", live.Find(selector).ClassList);
        Assert.True(live.IsChecked($"{selector} input[type=checkbox]"));
    }

    [Fact]
    public async Task A_blank_title_is_refused_with_a_message_and_adds_nothing()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/todos");
        var rows = live.FindAll("#todo-list li").Count;

        await live.SubmitAsync("#new-todo", new { title = "   " });

        Assert.Equal("Please enter a title.", Assert.Single(live.Errors).Message);
        Assert.Equal(rows, live.FindAll("#todo-list li").Count);
        Assert.Equal("   ", live.Value("#new-title")); // a refused submit leaves what was typed
    }

    [Fact]
    public async Task Submitting_a_field_the_form_does_not_have_fails_the_test_naming_it()
    {
        await using var live = await LiveViewTest.MountAsync(factory, "/todos");

        var error = await Assert.ThrowsAsync<LiveViewTestException>(() => live.SubmitAsync("#new-todo", new { name = "x" }));
        Assert.Contains("no enabled field named \"name\"", error.Message);
    }

    private static string UniqueTitle(string what) => $"{what} {Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>The one row whose title is <paramref name="title"/>.</summary>
    private static IElement Row(LivePage live, string title) =>
        Assert.Single(live.FindAll("#todo-list li"), li => li.QuerySelector("span")?.TextContent == title);
}
