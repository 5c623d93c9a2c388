using System.Text.Json;

namespace LiveViews.EndToEnd;

public sealed class TodosTests(DemoFixture demo) : BrowserTest(demo)
{
    [Fact]
    public async Task Add_toggle_and_delete_persist_across_reloads()
    {
        await OpenLiveAsync("/todos");
        var title = UniqueTitle("Buy milk");

        await Page.FillAsync("#new-todo input[name=title]", title);
        await Page.PressAsync("#new-todo input[name=title]", "Enter");
        var row = Row(Page, title);
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToHaveAttributeAsync("data-id", new System.Text.RegularExpressions.Regex("^\\d+$"));
        await Expect(row).Not.ToHaveClassAsync(HasClass("done"));
        await Expect(Page.Locator("#new-todo input[name=title]")).ToHaveValueAsync("");
        var id = await row.GetAttributeAsync("data-id");
        await Expect(row).ToHaveIdAsync($"todo-{id}");

        await row.Locator("input[type=checkbox]").CheckAsync();
        await Expect(row).ToHaveClassAsync(HasClass("done"));
        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        Assert.True(Demo.Todos.All().Single(t => t.Title == title).Done);

        await OpenLiveAsync("/todos");
        row = Row(Page, title);
        await Expect(row).ToHaveClassAsync(HasClass("done"));
        await Expect(row.Locator("input[type=checkbox]")).ToBeCheckedAsync();

        await row.Locator("input[type=checkbox]").UncheckAsync();
        await Expect(row).Not.ToHaveClassAsync(HasClass("done"));
        await row.Locator(".delete").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        await OpenLiveAsync("/todos");
        await Expect(Row(Page, title)).ToHaveCountAsync(0);
        Assert.DoesNotContain(Demo.Todos.All(), t => t.Title == title);
    }

    [Fact]
    public async Task An_empty_title_is_refused_with_a_message()
    {
        await OpenLiveAsync("/todos");
        var before = Demo.Todos.All().Count;
        await Page.FillAsync("#new-todo input[name=title]", "   ");
        await Page.PressAsync("#new-todo input[name=title]", "Enter");
        await Expect(Page.Locator("#flash-text")).ToHaveTextAsync("Please enter a title");
        Assert.Equal(before, Demo.Todos.All().Count);
    }

    [Fact]
    public async Task Toggle_with_latency_flips_the_checkbox_and_the_row_before_the_reply()
    {
        var todo = Demo.Todos.Add(UniqueTitle("Optimistic"));
        await OpenLiveAsync("/todos?delay=800");
        var row = Page.Locator($"#todo-{todo.Id}");
        await Expect(row).Not.ToHaveClassAsync(HasClass("done"));

        // Clicked and timed in the page (the test's own round trips to the browser would time the machine's load):
        // the state as soon as the row shows done.
        var state = await row.EvaluateAsync<JsonElement>("""
            li => new Promise((resolve, reject) => {
              const box = li.querySelector('input[type=checkbox]');
              const timer = setTimeout(() => reject(new Error('the row never showed done')), 10000);
              const t0 = performance.now();
              const mo = new MutationObserver(() => {
                if (!li.classList.contains('done')) return;
                mo.disconnect(); clearTimeout(timer);
                resolve({ ms: performance.now() - t0, checked: box.checked, pending: !!document.querySelector('.optimistic-pending') });
              });
              mo.observe(li, { attributes: true, attributeFilter: ['class'] });
              box.click();
            })
            """);
        var elapsed = state.GetProperty("ms").GetDouble();
        Assert.True(state.GetProperty("checked").GetBoolean(), "checkbox not flipped before the reply");
        Assert.True(state.GetProperty("pending").GetBoolean(), "no optimistic-pending while in flight");
        Assert.True(elapsed < 400, $"the row showed done after {elapsed} ms (server delay is 800 ms)");
        Assert.False(Demo.Todos.All().Single(t => t.Id == todo.Id).Done); // the server has not run it yet

        await Expect(Page.Locator(".optimistic-pending")).ToHaveCountAsync(0);
        await Expect(row).ToHaveClassAsync(HasClass("done"));
        await Expect(row.Locator("input[type=checkbox]")).ToBeCheckedAsync();
        Assert.True(Demo.Todos.All().Single(t => t.Id == todo.Id).Done);
    }

    [Fact]
    public async Task Two_browsers_see_each_others_changes_live()
    {
        var pageA = await OpenLiveAsync("/todos");
        var pageB = await OpenLiveAsync("/todos", await (await NewContextAsync()).NewPageAsync());
        var title = UniqueTitle("Shared");

        await pageA.FillAsync("#new-todo input[name=title]", title);
        await pageA.ClickAsync("#new-todo button[type=submit]");
        await Expect(Row(pageA, title)).ToHaveCountAsync(1);
        await Expect(Row(pageB, title)).ToHaveCountAsync(1); // no reload in B

        await Row(pageB, title).Locator("input[type=checkbox]").CheckAsync();
        await Expect(Row(pageA, title)).ToHaveClassAsync(HasClass("done"));
        await Expect(Row(pageA, title).Locator("input[type=checkbox]")).ToBeCheckedAsync();

        await Row(pageB, title).Locator(".delete").ClickAsync();
        await Expect(Row(pageA, title)).ToHaveCountAsync(0);
        await Expect(Row(pageB, title)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Text_being_typed_survives_a_patch_caused_by_another_browser()
    {
        var pageA = await OpenLiveAsync("/todos");
        var pageB = await OpenLiveAsync("/todos", await (await NewContextAsync()).NewPageAsync());
        var inputB = pageB.Locator("#new-todo input[name=title]");
        await inputB.ClickAsync();
        await inputB.PressSequentiallyAsync("draft");

        var title = UniqueTitle("From A");
        await pageA.FillAsync("#new-todo input[name=title]", title);
        await pageA.PressAsync("#new-todo input[name=title]", "Enter");

        await Expect(Row(pageB, title)).ToHaveCountAsync(1);
        await Expect(inputB).ToHaveValueAsync("draft");
        await Expect(inputB).ToBeFocusedAsync();
        // And B can go on typing where it was.
        await pageB.Keyboard.TypeAsync("s");
        await Expect(inputB).ToHaveValueAsync("drafts");
    }

    [Fact]
    public async Task After_a_network_drop_the_page_reconnects_catches_up_and_keeps_what_was_typed()
    {
        var pageA = await OpenLiveAsync("/todos");
        var inputA = pageA.Locator("#new-todo input[name=title]");
        await inputA.FillAsync("typed while offline");
        await pageA.Locator("h1").ClickAsync(); // not focused: only form recovery can keep the value through a re-render
        await DropConnectionAsync(Context, pageA);
        await Expect(pageA.Locator("[data-lv-root]")).ToHaveClassAsync(HasClass("lv-disconnected"));

        // Meanwhile another user changes the list, so the rejoin re-renders A's view (not the HTML A was served).
        var pageB = await OpenLiveAsync("/todos", await (await NewContextAsync()).NewPageAsync());
        var title = UniqueTitle("While A was away");
        await pageB.FillAsync("#new-todo input[name=title]", title);
        await pageB.PressAsync("#new-todo input[name=title]", "Enter");
        await Expect(Row(pageB, title)).ToHaveCountAsync(1);

        await Context.SetOfflineAsync(false);
        await Expect(pageA.Locator("[data-lv-root]")).Not.ToHaveClassAsync(HasClass("lv-disconnected"), new() { Timeout = 15_000 });
        await Expect(Row(pageA, title)).ToHaveCountAsync(1);
        await Expect(inputA).ToHaveValueAsync("typed while offline");
    }
}
