using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace LiveViews.Hosting;

/// <summary>Serves the embedded client bundle, its lazily loaded modules and the stylesheet with an ETag, so browsers revalidate cheaply.</summary>
internal sealed class ClientAssets
{
    private readonly Dictionary<string, (byte[] Body, string ContentType, string ETag)> _assets = new(StringComparer.Ordinal);

    public ClientAssets()
    {
        Add("liveview.js", "LiveViews.liveview.js", "text/javascript; charset=utf-8");
        Add("liveview.css", "LiveViews.liveview.css", "text/css; charset=utf-8");
        // loaded on demand: the upload module (client/src/upload.ts) and the lazily loaded modules (client/src/loader.ts)
        foreach (var resource in typeof(ClientAssets).Assembly.GetManifestResourceNames())
            if (resource.StartsWith("LiveViews.liveview-", StringComparison.Ordinal) && resource.EndsWith(".min.js", StringComparison.Ordinal))
                Add(resource["LiveViews.".Length..^".min.js".Length] + ".js", resource, "text/javascript; charset=utf-8");
        CaptureScript = Encoding.UTF8.GetString(Read("LiveViews.capture.js")).Trim();
    }

    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>The inline event capture (client/src/capture.ts, minified) the page carries before the client loads.</summary>
    public string CaptureScript { get; }

    private void Add(string name, string resource, string contentType)
    {
        var body = Read(resource);
        _assets[name] = (body, contentType, "\"" + Convert.ToHexString(SHA256.HashData(body)[..8]) + "\"");
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(ClientAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded client asset '{resource}' is missing; build the client (npm run build:client).");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public Task ServeAsync(HttpContext context, string name)
    {
        var (body, contentType, etag) = _assets[name];
        var response = context.Response;
        response.Headers.ETag = etag;
        response.Headers.CacheControl = "public, max-age=300, must-revalidate";
        if (context.Request.Headers.IfNoneMatch == etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
