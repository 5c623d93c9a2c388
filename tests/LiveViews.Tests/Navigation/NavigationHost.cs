using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Hosting;
using LiveViews.Tests.Hardening;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Navigation;

/// <summary>
/// A server with several live routes: <c>/items/{id:int?}</c> (<see cref="ParamsView"/>), <c>/other</c>, <c>/guarded</c>
/// (admins only) and <c>/probe</c> in the default live session (the layout), <c>/x/other</c> in the live session "x",
/// and the Razor pages <c>/embed</c> and <c>/embed-params</c>. Users authenticate with the <c>X-Test-User</c> header.
/// </summary>
public sealed class NavigationHost : LiveTestHost
{
    public override void Configure(LiveViewOptions options) => options.Layout = "/Pages/Shared/_NavigationLayout.cshtml";

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddAuthentication(HeaderAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);

    protected override void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLiveView<ParamsView>("/items/{id:int?}");
        app.MapLiveView<OtherView>("/other");
        app.MapLiveView<GuardedView>("/guarded");
        app.MapGroup("/x").WithLiveSession("x").MapLiveView<OtherView>("/other");
    }
}
