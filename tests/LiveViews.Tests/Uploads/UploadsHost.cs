using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using LiveViews.Hosting;
using LiveViews.Tests.Hardening;
using LiveViews.Tests.Hub;
using LiveViews.Tests.Live;

namespace LiveViews.Tests.Uploads;

/// <summary>A server with <see cref="UploadProbeView"/> at /upload, 1 KiB chunks, a private temporary folder and header authentication.</summary>
public class UploadsHost : LiveTestHost, IAsyncLifetime
{
    public const int Chunk = 1024;
    public string TempDirectory { get; } = Path.Combine(Path.GetTempPath(), "lv-upload-tests-" + Guid.NewGuid().ToString("N")[..8]);

    public override void Configure(LiveViewOptions options)
    {
        options.Uploads.TempDirectory = TempDirectory;
        options.Uploads.ChunkBytes = Chunk;
        options.Uploads.MaxBytesPerView = 15_000;
    }

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddAuthentication(HeaderAuthHandler.SchemeName).AddScheme<AuthenticationSchemeOptions, HeaderAuthHandler>(HeaderAuthHandler.SchemeName, null);

    protected override void ConfigureApp(WebApplication app)
    {
        app.UseAuthentication();
        app.MapLiveView<UploadProbeView>("/upload");
    }

    /// <summary>Joins /upload as <paramref name="user"/> (anonymous when null).</summary>
    public async Task<(SignalRJsonClient Client, string ViewId)> JoinAsAsync(string? user)
    {
        var headers = user is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["X-Test-User"] = user };
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "/upload"));
        foreach (var (k, v) in headers) request.Headers.Add(k, v);
        var html = await (await Http.SendAsync(request)).Content.ReadAsStringAsync();
        var client = await SignalRJsonClient.ConnectAsync(HubUrl, headers);
        var completion = await client.InvokeAsync("join", TokensIn(html).First());
        return (client, completion["result"]!["id"]!.GetValue<string>());
    }

    /// <summary>Sends the <c>u</c> preflight and returns its completion (<c>result</c> or <c>error</c>).</summary>
    public static Task<JsonObject> PreflightAsync(SignalRJsonClient client, string viewId, params object[] entries) =>
        client.InvokeAsync("u", viewId, "files", entries);

    public static string TokenOf(JsonObject completion, int index = 0) =>
        completion["result"]!["e"]![index]!["t"]?.GetValue<string>() ?? throw new InvalidOperationException("no token: " + completion.ToJsonString());

    public async Task<HttpResponseMessage> PutAsync(string? token, long from, byte[] chunk, long total, string? user = null, long? to = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri(BaseAddress, "/_lv/upload")) { Content = new ByteArrayContent(chunk) };
        if (token is not null) request.Headers.Add("LV-Upload-Token", token);
        if (user is not null) request.Headers.Add("X-Test-User", user);
        request.Content.Headers.TryAddWithoutValidation("Content-Range", $"bytes {from}-{to ?? from + chunk.Length - 1}/{total}");
        return await Http.SendAsync(request);
    }

    public async Task<HttpResponseMessage> StatusAsync(string token, string? user = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(BaseAddress, "/_lv/upload"));
        request.Headers.Add("LV-Upload-Token", token);
        if (user is not null) request.Headers.Add("X-Test-User", user);
        return await Http.SendAsync(request);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try { Directory.Delete(TempDirectory, recursive: true); } catch (IOException) { }
    }
}
