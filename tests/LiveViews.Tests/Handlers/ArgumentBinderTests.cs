using System.Text.Json;
using LiveViews.Handlers;

namespace LiveViews.Tests.Handlers;

public class ArgumentBinderTests
{
    public enum Priority { Low, High }
    public sealed record TodoForm(string Title, int Estimate, bool Urgent, Priority Priority, decimal Budget);

    private sealed class BindingView : LiveView
    {
        [LiveEvent] public void Numbers(int count, long big, decimal price, double ratio) { }
        [LiveEvent] public void Flags(bool done, bool? maybe) { }
        [LiveEvent] public void Choose(Priority priority) { }
        [LiveEvent] public void Text(string title, string? note) { }
        [LiveEvent] public void Defaults(int page = 3) { }
        [LiveEvent] public void Form(TodoForm form) { }
        [LiveEvent] public void Many(int[] ids) { }
        [LiveEvent] public void Ident(Guid id) { }
    }

    private static object?[] Bind(string handler, string json) =>
        ArgumentBinder.Bind(HandlerCatalog.For(typeof(BindingView)).TryGet(handler, out var h) ? h : throw new Exception(handler),
            JsonDocument.Parse(json).RootElement, CancellationToken.None);

    [Fact]
    public void Numbers_bind_from_strings_and_numbers_case_insensitively()
    {
        var values = Bind("Numbers", """{"COUNT":"3","big":9007199254740993,"price":"12.50","ratio":0.25}""");
        Assert.Equal([3, 9007199254740993L, 12.50m, 0.25], values);
    }

    [Theory]
    [InlineData("""{"done":true}""", true)]
    [InlineData("""{"done":"on"}""", true)]
    [InlineData("""{"done":"false"}""", false)]
    [InlineData("""{}""", false)]
    public void Booleans_accept_form_values_and_default_to_false(string json, bool expected)
    {
        var values = Bind("Flags", json);
        Assert.Equal(expected, values[0]);
        Assert.Null(values[1]);
    }

    [Fact]
    public void Enums_bind_by_name_ignoring_case_and_reject_unknown_names()
    {
        Assert.Equal(Priority.High, Bind("Choose", """{"priority":"high"}""")[0]);
        var error = Assert.Throws<HandlerBindingException>(() => Bind("Choose", """{"priority":"urgent"}"""));
        Assert.Contains("priority", error.Message);
        Assert.Contains("Low, High", error.Message);
        Assert.Throws<HandlerBindingException>(() => Bind("Choose", """{"priority":"7"}"""));
    }

    [Fact]
    public void Missing_required_argument_is_a_clear_error_but_nullable_and_defaults_are_filled()
    {
        Assert.Contains("Missing argument 'title'", Assert.Throws<HandlerBindingException>(() => Bind("Text", "{}")).Message);
        Assert.Equal(["x", null], Bind("Text", """{"title":"x"}"""));
        Assert.Equal([3], Bind("Defaults", "{}"));
    }

    [Fact]
    public void Wrong_types_name_the_parameter()
    {
        var error = Assert.Throws<HandlerBindingException>(() => Bind("Numbers", """{"count":"abc","big":1,"price":1,"ratio":1}"""));
        Assert.Contains("'count'", error.Message);
        Assert.Contains("Int32", error.Message);
        Assert.Throws<HandlerBindingException>(() => Bind("Numbers", """{"count":[1],"big":1,"price":1,"ratio":1}"""));
        Assert.Throws<HandlerBindingException>(() => Bind("Ident", """{"id":"not-a-guid"}"""));
        Assert.Throws<HandlerBindingException>(() => Bind("Text", """[1,2]"""));
    }

    [Fact]
    public void A_record_binds_from_the_whole_submitted_form()
    {
        var form = (TodoForm)Bind("Form", """{"title":"Write docs","estimate":"5","urgent":"on","priority":"Low","budget":"9.99"}""")[0]!;
        Assert.Equal(new TodoForm("Write docs", 5, true, Priority.Low, 9.99m), form);
        Assert.Throws<HandlerBindingException>(() => Bind("Form", """{"title":"x","estimate":"five"}"""));
    }

    [Fact]
    public void Arrays_bind_from_repeated_fields_or_a_single_value()
    {
        Assert.Equal([1, 2, 3], (int[])Bind("Many", """{"ids":["1","2",3]}""")[0]!);
        Assert.Equal([7], (int[])Bind("Many", """{"ids":"7"}""")[0]!);
    }

    [Fact]
    public void Guid_binds_from_string()
    {
        var id = Guid.NewGuid();
        Assert.Equal(id, Bind("Ident", $$"""{"id":"{{id}}"}""")[0]);
    }
}
