using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;

namespace LiveViews.Uploads;

/// <summary>
/// Deletes, every <see cref="LiveUploadOptions.CleanupInterval"/> (and once at start, for what a previous run left), the
/// temporary upload files no view can come back for: idle past the grace period with no view holding them, past the token
/// lifetime, or without metadata.
/// </summary>
internal sealed class UploadJanitor(UploadService uploads, IOptions<LiveViewOptions> options, ILogger<UploadJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Uploads.CleanupInterval);
        do
        {
            try
            {
                var deleted = uploads.Store.Cleanup(uploads.IsAttached);
                if (deleted > 0) logger.LogInformation("Upload cleanup deleted {Count} files", deleted);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(ex, "Upload cleanup failed; retrying next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
