using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using LiveViews.UploadBench.Live;

// The two ways to get a file to this server, measured side by side by bench/browser/upload.mjs:
// /upload: the framework's upload (preflight over the hub, chunks over HTTP to a temporary file);
// /plain:  one multipart/form-data POST streamed to a file with MultipartReader, as Microsoft's docs recommend for large files.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddLiveView(o =>
{
    o.Uploads.TempDirectory = Path.Combine(Path.GetTempPath(), "lv-upload-bench", "chunks");
    if (int.TryParse(builder.Configuration["chunk"], out var chunk)) o.Uploads.ChunkBytes = chunk;
    if (int.TryParse(builder.Configuration["parallel"], out var parallel)) o.Uploads.ParallelChunks = parallel;
});
var app = builder.Build();
app.MapLiveView<UploadBenchView>("/upload");

var plainDirectory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "lv-upload-bench", "plain")).FullName;
app.MapPost("/plain", async (HttpContext context) =>
{
    context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.MaxRequestBodySize = null; // Kestrel's 30 MB default
    var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value!;
    var reader = new MultipartReader(boundary, context.Request.Body);
    long bytes = 0;
    for (var section = await reader.ReadNextSectionAsync(); section is not null; section = await reader.ReadNextSectionAsync())
    {
        if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.IsFileDisposition()) continue;
        var path = Path.Combine(plainDirectory, Guid.NewGuid().ToString("N"));
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
        {
            await section.Body.CopyToAsync(file);
            bytes += file.Length;
        }
        File.Delete(path);
    }
    return Results.Json(new { bytes });
});
app.Run();
