using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Hub;
using LiveViews.PubSub;
using LiveViews.Rendering;
using LiveViews.Sessions;
using LiveViews.Tokens;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the LiveView framework.</summary>
public static class LiveViewServiceCollectionExtensions
{
    /// <summary>
    /// Adds live views: Razor view engine (MVC views), SignalR, Data Protection, authorization, the in-process
    /// <see cref="ILivePubSub"/> (replace it by registering your own first) and the framework's services.
    /// <see cref="LiveViewOptions.DetailedErrors"/> and <see cref="LiveViewOptions.VerifyBalancedHtml"/> default to true in the
    /// Development environment; <paramref name="configure"/> runs after that default.
    /// Returns a builder that optional parts (a backplane) chain onto.
    /// </summary>
    public static LiveViewBuilder AddLiveView(this IServiceCollection services, Action<LiveViewOptions>? configure = null)
    {
        // Registered before the caller's configure, so an explicit setting wins over the environment's default.
        services.AddOptions<LiveViewOptions>().Configure<IServiceProvider>((options, provider) =>
        {
            if (provider.GetService<IHostEnvironment>()?.IsDevelopment() == true) options.DetailedErrors = options.VerifyBalancedHtml = true;
        });
        if (configure is not null) services.Configure(configure);

        services.AddControllersWithViews().ConfigureApplicationPartManager(manager =>
        {
            var assembly = typeof(LiveViews.LiveView).Assembly;
            if (!manager.ApplicationParts.Any(p => p is Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart a && a.Assembly == assembly))
                manager.ApplicationParts.Add(new Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart(assembly));
        });
        // AddHubOptions marks the hub's options as set, so SignalR uses them instead of the global ones.
        services.AddSignalR().AddHubOptions<LiveViewHub>(_ => { });
        services.AddOptions<HubOptions<LiveViewHub>>().Configure<IOptions<LiveViewOptions>>((hub, live) =>
        {
            hub.MaximumReceiveMessageSize = live.Value.MaxMessageBytes;
            // One hub call at a time per connection: events are only queued, so this never blocks on a slow handler.
            hub.MaximumParallelInvocationsPerClient = 1;
        });
        // Every registered hub protocol (JSON, and MessagePack when added) closes a connection that sends a frame of
        // an unknown message type instead of stalling it (see StrictHubProtocol).
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType == typeof(IHubProtocol) && descriptor.ImplementationType is { } type && type != typeof(StrictHubProtocol))
                services[i] = ServiceDescriptor.Singleton<IHubProtocol>(sp => new StrictHubProtocol((IHubProtocol)ActivatorUtilities.CreateInstance(sp, type)));
        }
        services.AddDataProtection();
        services.AddAuthorization();

        services.TryAddSingleton<ILivePubSub, InProcessPubSub>();
        services.TryAddSingleton<LiveViewRegistry>();
        services.TryAddSingleton<TemplateRenderer>();
        services.TryAddSingleton<ViewTokenService>();
        services.TryAddSingleton<ViewAuthorizer>();
        services.TryAddSingleton<ClientAssets>();
        services.TryAddSingleton<SessionTracker>();
        services.TryAddSingleton<LiveViews.Navigation.LiveRouteTable>();
        services.TryAddSingleton<LiveViews.Navigation.FlashCookie>();
        services.TryAddSingleton<LiveViews.Navigation.LiveNavigator>();
        LiveViews.Uploads.UploadServiceCollectionExtensions.AddLiveViewUploads(services);
        services.TryAddSingleton(sp => new LiveViewRenderer(
            sp.GetRequiredService<LiveViewRegistry>(), sp.GetRequiredService<TemplateRenderer>(),
            sp.GetRequiredService<ViewTokenService>(), sp.GetRequiredService<ClientAssets>(), sp.GetRequiredService<IOptions<LiveViewOptions>>()));
        services.TryAddSingleton(sp => new SessionServices(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<TemplateRenderer>(),
            sp.GetRequiredService<IHubContext<LiveViewHub>>(), sp.GetRequiredService<ILivePubSub>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>(), sp.GetRequiredService<IOptions<LiveViewOptions>>().Value,
            sp.GetRequiredService<SessionTracker>(), sp.GetRequiredService<LiveViews.Navigation.LiveRouteTable>(),
            sp.GetRequiredService<LiveViews.Navigation.FlashCookie>()));
        return new LiveViewBuilder(services);
    }
}
