using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Components;
using LiveViews.Hosting;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Components;

/// <summary>The shared test host plus <see cref="NestingView"/> at /nesting.</summary>
public sealed class NestingHost : LiveTestHost
{
    protected override void ConfigureApp(WebApplication app) => app.MapLiveView<NestingView>("/nesting");
}

/// <summary>The parts of live components that need no connection: parameters, root marking, nesting refusal.</summary>
public sealed class ComponentPartsTests(NestingHost host) : IClassFixture<NestingHost>
{
    [Fact]
    public void Parameters_compare_by_value_so_an_equal_record_does_not_re_render()
    {
        var a = ComponentParameters.From(new { Task = new CardTask(1, "x"), Step = 2 });
        Assert.True(ComponentParameters.Equal(a, ComponentParameters.From(new { Task = new CardTask(1, "x"), Step = 2 })));
        Assert.False(ComponentParameters.Equal(a, ComponentParameters.From(new { Task = new CardTask(1, "y"), Step = 2 })));
        Assert.False(ComponentParameters.Equal(a, ComponentParameters.From(new { Task = new CardTask(1, "x") })));
    }

    [Fact]
    public void The_default_update_assigns_properties_and_names_a_bad_parameter()
    {
        var card = new CounterCard();
        ComponentParameters.Assign(card, ComponentParameters.From(new { step = 3 }));
        Assert.Equal(3, card.Step);
        var unknown = Assert.Throws<InvalidOperationException>(() => ComponentParameters.Assign(card, ComponentParameters.From(new { Colour = "red" })));
        Assert.Contains("CounterCard has no public settable property 'Colour'", unknown.Message);
        var wrong = Assert.Throws<InvalidOperationException>(() => ComponentParameters.Assign(card, ComponentParameters.From(new { Step = "three" })));
        Assert.Contains("Parameter 'Step' of component CounterCard is a String", wrong.Message);
    }

    [Fact]
    public void The_root_element_gets_the_component_id_and_a_template_without_one_root_element_is_refused()
    {
        Assert.Equal("<section data-lv-c=\"c&amp;1\" data-lv-m=\"{&quot;Increment&quot;:{&quot;o&quot;:1}}\" class=\"card\">x</section>",
            ComponentMarkup.MarkRoot("\n  <section class=\"card\">x</section>\n", "c&1", typeof(CounterCard)));
        Assert.Equal("<br data-lv-c=\"b\"/>", ComponentMarkup.MarkRoot("<br/>", "b", typeof(Panel)));
        var text = Assert.Throws<InvalidOperationException>(() => ComponentMarkup.MarkRoot("hello <b>x</b>", "t", typeof(Panel)));
        Assert.Contains("must render exactly one root element", text.Message);
        Assert.Throws<InvalidOperationException>(() => ComponentMarkup.MarkRoot("<!-- x --><b>x</b>", "t", typeof(Panel)));
    }

    [Fact]
    public async Task A_live_view_in_another_live_views_template_is_refused_with_a_pointer_to_components()
    {
        var response = await host.Http.GetAsync(new Uri(host.BaseAddress, "/nesting"));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        lock (host.Logs) Assert.Contains(host.Logs, l => l.Contains("a live view cannot be nested in another") && l.Contains("LiveComponent"));
    }
}
