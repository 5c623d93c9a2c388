using System.Text.Json;

namespace LiveViews.EndToEnd;

/// <summary>/dashboard: live components with their own state and render scope, an error boundary, and a client hook.</summary>
public sealed class DashboardTests(DemoFixture demo) : BrowserTest(demo)
{
    /// <summary>The replies the page applied since the last call, as JSON objects.</summary>
    private async Task<JsonElement[]> TakeRepliesAsync() =>
        JsonDocument.Parse(await Page.EvaluateAsync<string>("() => JSON.stringify(window.__lvReplyLog.splice(0))")).RootElement.EnumerateArray().ToArray();

    [Fact]
    public async Task Each_card_counts_on_its_own_and_its_reply_patches_only_inside_it()
    {
        await OpenLiveAsync("/dashboard");
        await TakeRepliesAsync();
        await Page.ClickAsync("#card-a .increment");
        await Expect(Page.Locator("#card-a .value")).ToHaveTextAsync("1");
        await Expect(Page.Locator("#card-a .value.optimistic-pending")).ToHaveCountAsync(0);
        await Page.ClickAsync("#card-a .increment");
        await Page.ClickAsync("#card-b .increment");
        await Expect(Page.Locator("#card-a .value")).ToHaveTextAsync("2");
        await Expect(Page.Locator("#card-b .value")).ToHaveTextAsync("1");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);

        var replies = (await TakeRepliesAsync()).Where(r => r.GetProperty("r").GetInt64() > 0).ToArray();
        Assert.Equal(3, replies.Length);
        foreach (var reply in replies)
        {
            Assert.Equal(0, reply.GetProperty("o").GetArrayLength()); // nothing outside a card
            var patched = reply.GetProperty("c").EnumerateObject().Select(p => p.Name).ToArray();
            Assert.Single(patched);
        }
        Assert.Equal(["card-a", "card-a", "card-b"], replies.Select(r => r.GetProperty("c").EnumerateObject().Single().Name));
    }

    [Fact]
    public async Task The_faulty_card_shows_its_error_state_while_the_others_keep_counting()
    {
        await OpenLiveAsync("/dashboard");
        await Page.ClickAsync("#card-faulty .boom");
        await Expect(Page.Locator("#card-faulty")).ToHaveClassAsync(HasClass("lv-component-error"));
        await Expect(Page.Locator("#card-faulty .boom")).ToBeVisibleAsync(); // its last good render stays
        await Page.ClickAsync("#card-b .increment");
        await Expect(Page.Locator("#card-b .value")).ToHaveTextAsync("1");
        await Page.ClickAsync("#card-a .increment");
        await Expect(Page.Locator("#card-a .value")).ToHaveTextAsync("1");
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        using var errors = JsonDocument.Parse(await ErrorsAsync(Page));
        Assert.Equal("Boom", Assert.Single(errors.RootElement.EnumerateArray()).GetProperty("handler").GetString());
    }

    [Fact]
    public async Task The_clock_hook_draws_pushed_ticks_that_patches_never_clear_and_its_button_reaches_the_server()
    {
        await OpenLiveAsync("/dashboard");
        var face = Page.Locator("#clock-face");
        await Expect(face).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d* s$"), new() { Timeout = 5_000 });
        await Expect(Page.Locator("#clock-resets")).ToHaveTextAsync("0");

        await Page.ClickAsync("#clock-reset");
        await Expect(Page.Locator("#clock-resets")).ToHaveTextAsync("1"); // a server patch next to the hook's drawing…
        await Page.ClickAsync("#clock-reset");
        await Expect(Page.Locator("#clock-resets")).ToHaveTextAsync("2");
        await Expect(face).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s$")); // …left it alone
        await Expect(face).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^[1-9]\d* s$"), new() { Timeout = 5_000 }); // and it keeps ticking
    }

    [Fact]
    public async Task A_todo_is_edited_in_place_by_its_own_component_without_re_rendering_the_other_rows()
    {
        var first = Demo.Todos.Add(UniqueTitle("Edit me"));
        var other = Demo.Todos.Add(UniqueTitle("Leave me"));
        await OpenLiveAsync("/todos");
        var row = Page.Locator($"#todo-{first.Id}");
        // Mark the other row's DOM nodes: if anything re-rendered them, the marks would be gone.
        await Page.EvaluateAsync($"() => {{ document.querySelector('#todo-{other.Id}').__mark = 1; document.querySelector('#todo-{other.Id} .title').__mark = 1; }}");

        await row.Locator(".edit").ClickAsync();
        var input = row.Locator(".title-input");
        await Expect(input).ToHaveValueAsync(first.Title);
        await input.FillAsync("Edited in place");
        await row.Locator(".save").ClickAsync();
        await Expect(row.Locator(".title")).ToHaveTextAsync("Edited in place");
        await Expect(row.Locator(".title-input")).ToHaveCountAsync(0);
        Assert.Equal("Edited in place", Demo.Todos.All().Single(t => t.Id == first.Id).Title);
        Assert.True(await Page.EvaluateAsync<bool>($"() => document.querySelector('#todo-{other.Id}').__mark === 1 && document.querySelector('#todo-{other.Id} .title').__mark === 1"));
    }
}
