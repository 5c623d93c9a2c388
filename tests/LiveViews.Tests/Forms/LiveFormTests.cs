using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using LiveViews.Forms;
using LiveViews.Handlers;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Forms;

/// <summary>Binding and validating a form model (DataAnnotations), touched-field visibility and the submit contract.</summary>
public sealed class LiveFormTests
{
    private static FormInput Input(string json) => FormInput.From(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void A_form_event_reads_its_fields_and_the_touched_names_under_the_empty_key()
    {
        var input = Input("""{"Name":"Ada","tag":["a","b"],"n":3,"":{"t":["Name","tag"]}}""");
        Assert.Equal("Ada", input["name"]);
        Assert.Equal(["a", "b"], input.ValuesOf("tag"));
        Assert.Equal("3", input["n"]);
        Assert.False(input.Values.ContainsKey(""));
        Assert.True(input.Touched.SetEquals(["Name", "tag"]));
    }

    [Theory]
    [InlineData("""{"":"no"}""")]
    [InlineData("""{"":{"t":"Name"}}""")]
    [InlineData("""{"":{"t":[1]}}""")]
    [InlineData("""{"Name":{"x":1}}""")]
    [InlineData("""[1]""")]
    public void Malformed_form_arguments_are_a_binding_error(string json) =>
        Assert.Throws<HandlerBindingException>(() => Input(json));

    [Fact]
    public void Errors_show_only_for_touched_fields_until_a_submit()
    {
        var form = new LiveForm<Account>();
        form.Validate(Input("""{"Name":"A","Email":"","":{"t":["Name"]}}"""));
        Assert.False(form.IsValid);
        Assert.Equal(["The field Name must be a string with a minimum length of 2 and a maximum length of 20."], form.VisibleErrors("Name"));
        Assert.Empty(form.VisibleErrors("Email")); // invalid, but not touched
        Assert.Equal(["The Email field is required."], form.Errors["Email"]);
        Assert.True(form.IsTouched("name"));
        Assert.False(form.ShowsErrorsFor("Email"));
    }

    [Fact]
    public void An_invalid_submit_does_not_run_the_work_and_shows_every_error()
    {
        var form = new LiveForm<Account>();
        var ran = false;
        Assert.False(form.Submit(Input("""{"Name":"Ada","Age":"abc","":{"t":[]}}"""), _ => ran = true));
        Assert.False(ran);
        Assert.True(form.Submitted);
        Assert.Equal(["The Email field is required."], form.VisibleErrors("Email"));
        Assert.Equal(["The value 'abc' is not valid for Age."], form.VisibleErrors("Age")); // conversion error, not also [Range]
        Assert.Empty(form.VisibleErrors("Name"));
        Assert.Null(form.Value("Name")); // the rendered values stay the server's: the browser keeps what was typed
    }

    [Fact]
    public void A_valid_submit_hands_the_bound_model_to_the_work_and_renders_the_saved_values()
    {
        var form = new LiveForm<Account>();
        Account? saved = null;
        Assert.True(form.Submit(Input("""{"Name":"Ada","Email":"ada@example.org","Age":"36","Terms":"true","":{"t":["Name"]}}"""), m => saved = m));
        Assert.Equal(("Ada", "ada@example.org", (int?)36, true), (saved!.Name, saved.Email, saved.Age, saved.Terms));
        Assert.True(form.IsValid);
        Assert.Equal("Ada", form.Value("Name"));
    }

    [Fact]
    public void IValidatableObject_runs_once_the_properties_are_valid_and_a_missing_checkbox_is_false()
    {
        var form = new LiveForm<Account>();
        Assert.False(form.Submit(Input("""{"Name":"Ada","Email":"ada@example.org"}"""), _ => { }));
        Assert.Equal(["Accept the terms."], form.VisibleErrors("Terms"));
    }

    [Fact]
    public void An_error_added_by_the_work_makes_the_submit_invalid_and_keeps_the_previous_rendered_values()
    {
        var form = new LiveForm<Account>(new Account { Name = "Old", Email = "old@example.org", Terms = true });
        var ok = form.Submit(Input("""{"Name":"Ada","Email":"taken@example.org","Terms":"on"}"""), _ => form.AddError("Email", "That e-mail is taken."));
        Assert.False(ok);
        Assert.Equal(["That e-mail is taken."], form.VisibleErrors("Email"));
        Assert.Equal("Old", form.Value("Name"));
        Assert.Equal("true", form.Value("Terms"));
    }

    [Fact]
    public void Reset_clears_input_touched_errors_and_the_submitted_state()
    {
        var form = new LiveForm<Account>();
        form.Submit(Input("""{"Name":"A"}"""), _ => { });
        form.Reset();
        Assert.True(form.IsValid);
        Assert.False(form.Submitted);
        Assert.False(form.IsTouched("Name"));
        Assert.Empty(form.Input.Values);
    }

    public sealed record Booking(
        [property: Required] string? Guest,
        [property: Range(1, 8)] int Nights,
        DateOnly Arrival,
        string[] Extras);

    [Fact]
    public void Records_bind_through_their_constructor_with_dates_numbers_and_repeated_fields()
    {
        var form = new LiveForm<Booking>();
        Booking? booked = null;
        Assert.True(form.Submit(Input("""{"Guest":"Lin","Nights":"3","Arrival":"2026-12-24","Extras":["breakfast","parking"]}"""), b => booked = b));
        Assert.Equal("Lin", booked!.Guest);
        Assert.Equal(3, booked.Nights);
        Assert.Equal(new DateOnly(2026, 12, 24), booked.Arrival);
        Assert.Equal(["breakfast", "parking"], booked.Extras);

        Assert.False(form.Submit(Input("""{"Guest":"Lin","Nights":"","Arrival":"soon"}"""), _ => { }));
        Assert.Equal(["The Nights field is required."], form.VisibleErrors("Nights"));
        Assert.Equal(["The value 'soon' is not valid for Arrival."], form.VisibleErrors("Arrival"));
    }

    [Fact]
    public void Initial_values_render_in_the_invariant_format_the_inputs_expect()
    {
        var form = new LiveForm<Booking>(new Booking("Lin", 2, new DateOnly(2026, 1, 5), ["x", "y"]));
        Assert.Equal("2", form.Value("Nights"));
        Assert.Equal("2026-01-05", form.Value("Arrival"));
        Assert.Equal(["x", "y"], form.Values("Extras"));
    }
}
