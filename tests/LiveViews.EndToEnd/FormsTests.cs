using System.Text.RegularExpressions;

namespace LiveViews.EndToEnd;

/// <summary>The /signup demo: DataAnnotations validation as the user types, errors only for touched fields, submits.</summary>
public sealed class FormsTests(DemoFixture demo) : BrowserTest(demo)
{
    private static readonly Regex NotEmpty = new(".+");

    private ILocator Error(string field) => Page.Locator($"#error-{field}");
    private ILocator Field(string field) => Page.Locator($"#signup [name={field}]");

    [Fact]
    public async Task Errors_show_as_the_user_types_only_for_touched_fields_and_clear_when_fixed()
    {
        await OpenLiveAsync("/signup");
        await Field("Name").FillAsync("A");
        await Expect(Error("Name")).ToHaveTextAsync("The name needs 2 to 40 characters.");
        await Expect(Field("Name")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Field("Name")).ToHaveAttributeAsync("aria-describedby", "error-Name");
        await Expect(Error("Email")).ToBeEmptyAsync(); // not touched yet
        await Expect(Error("Age")).ToBeEmptyAsync();

        await Field("Email").FocusAsync();
        await Field("Email").BlurAsync(); // focused and left: touched
        await Expect(Error("Email")).ToHaveTextAsync("The Email field is required.");
        await Expect(Error("Age")).ToBeEmptyAsync();

        await Field("Name").FillAsync("Ada");
        await Expect(Error("Name")).ToBeEmptyAsync();
        await Expect(Field("Name")).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Field("Name")).ToHaveValueAsync("Ada");
        await Field("Email").FillAsync("not an address");
        await Expect(Error("Email")).ToHaveTextAsync("That does not look like an e-mail address.");
        await Field("Age").FillAsync("abc");
        await Expect(Error("Age")).ToHaveTextAsync("The value 'abc' is not valid for Age.");
        await Field("Age").FillAsync("12");
        await Expect(Error("Age")).ToHaveTextAsync("The age must be between 13 and 120.");
        await Expect(Page.Locator("#signup-done")).ToHaveCountAsync(0);
        await Accessibility.AssertAxeCleanAsync(Page); // with errors shown
    }

    [Fact]
    public async Task An_invalid_submit_shows_every_error_keeps_what_was_typed_and_focuses_the_first_invalid_field()
    {
        await OpenLiveAsync("/signup");
        await Field("Email").FillAsync("ada@example.org");
        await Page.ClickAsync("#signup-submit");
        await Expect(Error("Name")).ToHaveTextAsync("The Name field is required.");
        await Expect(Error("Age")).ToHaveTextAsync("The Age field is required.");
        await Expect(Error("Email")).ToBeEmptyAsync();
        await Expect(Field("Email")).ToHaveValueAsync("ada@example.org"); // not reset by the accepted submit
        await Expect(Field("Name")).ToBeFocusedAsync();
        await Expect(Page.Locator("#signup-done")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#signup-submit")).ToBeEnabledAsync();
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_valid_submit_signs_up_shows_the_name_and_clears_the_form()
    {
        await OpenLiveAsync("/signup");
        await Field("Name").FillAsync("Grace Hopper");
        await Field("Email").FillAsync("grace@example.org");
        await Field("Age").FillAsync("85");
        await Field("Age").PressAsync("Enter");
        await Expect(Page.Locator("#signup-done")).ToContainTextAsync("Grace Hopper");
        foreach (var field in new[] { "Name", "Email", "Age" })
        {
            await Expect(Error(field)).ToBeEmptyAsync();
            await Expect(Field(field)).ToHaveValueAsync("");
        }
        await Accessibility.AssertAxeCleanAsync(Page);
    }

    [Fact]
    public async Task Typing_and_submitting_before_the_socket_is_up_signs_up_once_it_is()
    {
        await Page.RouteAsync("**/_lv/hub/negotiate*", async route => { await Task.Delay(1500); await route.ContinueAsync(); });
        await Page.GotoAsync("/signup", new() { WaitUntil = WaitUntilState.Commit });
        await Field("Name").FillAsync("Early Bird", new() { Timeout = 2000 });
        await Field("Email").FillAsync("early@example.org");
        await Field("Age").FillAsync("30");
        await Page.ClickAsync("#signup-submit");
        await Expect(Page.Locator("[data-lv-root]")).Not.ToHaveClassAsync(HasClass("lv-connected")); // still joining
        await Expect(Page.Locator("#signup-done")).ToContainTextAsync("Early Bird", new() { Timeout = 15_000 });
        await Expect(Field("Name")).ToHaveValueAsync("");
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task Before_the_socket_is_up_an_invalid_submit_shows_its_errors_once_joined_and_keeps_the_input()
    {
        await Page.RouteAsync("**/_lv/hub/negotiate*", async route => { await Task.Delay(1500); await route.ContinueAsync(); });
        await Page.GotoAsync("/signup", new() { WaitUntil = WaitUntilState.Commit });
        await Field("Name").FillAsync("Z", new() { Timeout = 2000 });
        await Page.ClickAsync("#signup-submit");
        await Expect(Error("Name")).ToHaveTextAsync("The name needs 2 to 40 characters.", new() { Timeout = 15_000 });
        await Expect(Error("Email")).ToHaveTextAsync(NotEmpty);
        await Expect(Field("Name")).ToHaveValueAsync("Z");
    }

    [Fact]
    public async Task The_submit_button_shows_its_loading_text_while_the_submit_is_in_flight()
    {
        await OpenLiveAsync("/signup?delay=800");
        await Field("Name").FillAsync("Slow Link");
        await Field("Email").FillAsync("slow@example.org");
        await Field("Age").FillAsync("40");
        await Page.ClickAsync("#signup-submit");
        var button = Page.Locator("#signup-submit");
        await Expect(button).ToHaveTextAsync("Signing up…", new() { Timeout = 500 });
        await Expect(button).ToBeDisabledAsync();
        await Expect(Page.Locator("#signup-done")).ToContainTextAsync("Slow Link");
        await Expect(button).ToHaveTextAsync("Sign up");
        await Expect(button).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Typed_values_survive_a_server_restart_and_the_remounted_view_learns_the_touched_fields()
    {
        await OpenLiveAsync("/signup");
        await Field("Name").FillAsync("Q");
        await Expect(Error("Name")).ToHaveTextAsync(NotEmpty);
        await Demo.RestartServerAsync();
        await WaitUntilLiveAsync(Page, 20_000);
        // The fresh view knows nothing; form recovery sends the typed values and the touched fields again.
        await Expect(Field("Name")).ToHaveValueAsync("Q");
        await Expect(Error("Name")).ToHaveTextAsync(NotEmpty);
        await Field("Name").FillAsync("Quinn");
        await Expect(Error("Name")).ToBeEmptyAsync();
    }
}
