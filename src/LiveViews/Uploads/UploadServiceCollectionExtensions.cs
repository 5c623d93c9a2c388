using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LiveViews.Uploads;

/// <summary>Registers the upload services (called by <c>AddLiveView</c>).</summary>
internal static class UploadServiceCollectionExtensions
{
    public static IServiceCollection AddLiveViewUploads(this IServiceCollection services)
    {
        services.TryAddSingleton<UploadStore>();
        services.TryAddSingleton<UploadTokenService>();
        services.TryAddSingleton<UploadService>();
        services.AddHostedService<UploadJanitor>();
        return services;
    }
}
