using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Hosting;

/// <summary>Newcomer mistakes that MapLiveView reports at startup, with a message naming the view and the file expected.</summary>
public class StartupCheckTests
{
    /// <summary>A view whose template was never written (no Live/TemplatelessView.cshtml in this project).</summary>
    public sealed class TemplatelessView : LiveView
    {
        [LiveEvent] public void Go() { }
    }

    [LiveTemplate("/Live/Nowhere.cshtml")]
    public sealed class MisdirectedView : LiveView;

    public sealed class PrivateHandlerView : LiveView
    {
        public int Count { get; private set; }
        [LiveEvent] private void Increment() => Count++;
        internal void Touch() => Increment();
    }

    public sealed class StaticHandlerView : LiveView
    {
        [LiveEvent] public static void Reset() { }
    }

    public abstract class BaseWithProtectedHandler : LiveView
    {
        [LiveEvent] protected void Save() { }
    }

    public sealed class InheritsProtectedHandlerView : BaseWithProtectedHandler;

    private static WebApplication App()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(StartupCheckTests).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddLiveView();
        return builder.Build();
    }

    [Fact]
    public async Task A_view_without_a_template_fails_MapLiveView_naming_the_files_it_looked_for()
    {
        await using var app = App();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapLiveView<TemplatelessView>("/nothing"));
        Assert.Contains("'LiveViews.Tests.Hosting.StartupCheckTests+TemplatelessView' has no Razor template", error.Message);
        Assert.Contains("Live/TemplatelessView.cshtml or Views/Live/TemplatelessView.cshtml", error.Message);
        Assert.Contains("@model TemplatelessView", error.Message);
    }

    [Fact]
    public async Task A_LiveTemplate_path_that_does_not_exist_fails_MapLiveView_naming_that_path()
    {
        await using var app = App();
        var error = Assert.Throws<InvalidOperationException>(() => app.MapLiveView<MisdirectedView>("/misdirected"));
        Assert.Contains("add Live/Nowhere.cshtml", error.Message);
    }

    [Fact]
    public async Task A_view_with_a_template_maps()
    {
        await using var app = App();
        app.MapLiveView<ProbeView>("/probe"); // Live/ProbeView.cshtml exists
        app.MapLiveView<MemoView>("/memo");
    }

    [Theory]
    [InlineData(typeof(PrivateHandlerView), "'PrivateHandlerView.Increment' is private")]
    [InlineData(typeof(StaticHandlerView), "'StaticHandlerView.Reset' is static")]
    [InlineData(typeof(InheritsProtectedHandlerView), "'InheritsProtectedHandlerView.Save' is protected")]
    public async Task LiveEvent_on_a_method_that_is_not_a_public_instance_method_fails_at_startup(Type viewType, string expected)
    {
        await using var app = App();
        var map = typeof(LiveViewEndpointRouteBuilderExtensions).GetMethod(nameof(LiveViewEndpointRouteBuilderExtensions.MapLiveView))!.MakeGenericMethod(viewType);
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            try { map.Invoke(null, [app, "/x"]); }
            catch (System.Reflection.TargetInvocationException e) { throw e.InnerException!; }
        });
        Assert.Contains(expected, error.Message);
        Assert.Contains("only public instance methods are handlers", error.Message);
    }

    [Fact]
    public void The_registry_reports_a_private_LiveEvent_when_a_view_is_only_embedded()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new LiveViews.Hosting.LiveViewRegistry().Register(typeof(PrivateHandlerView)));
        Assert.Contains("'PrivateHandlerView.Increment' is private", error.Message);
    }
}
