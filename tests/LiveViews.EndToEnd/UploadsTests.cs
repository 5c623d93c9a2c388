using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LiveViews.Demo.Data;
using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.EndToEnd;

/// <summary>The /photos demo: chunked uploads over HTTP with progress, validation before a byte is sent, resume across a restart.</summary>
public sealed class UploadsTests(DemoFixture demo) : BrowserTest(demo)
{
    /// <summary>Records every chunk request the page makes and every progress value it shows (to check it never goes back).</summary>
    private const string RecordScript = """
        (() => {
          window.__lvChunks = [];
          const fetch0 = window.fetch;
          window.fetch = (url, init) => { if (String(url).includes('/_lv/upload') && init?.method === 'PUT') window.__lvChunks.push(init.headers['Content-Range']); return fetch0(url, init); };
          window.__lvProgress = {};
          setInterval(() => {
            for (const p of document.querySelectorAll('progress[lv-upload-progress]')) {
              const seen = (window.__lvProgress[p.getAttribute('lv-upload-progress')] ??= []);
              if (seen[seen.length - 1] !== p.value) seen.push(p.value);
            }
          }, 10);
        })();
        """;

    private PhotoStore Photos => Demo.Services.GetRequiredService<PhotoStore>();

    /// <summary>A PNG-signed file of <paramref name="size"/> random bytes (the server checks the signature, not the pixels).</summary>
    private static FilePayload Png(string name, int size, string mime = "image/png") => new() { Name = name, MimeType = mime, Buffer = Signed([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size) };

    private static FilePayload Jpeg(string name, int size) => new() { Name = name, MimeType = "image/jpeg", Buffer = Signed([0xFF, 0xD8, 0xFF, 0xE0], size) };

    private static byte[] Signed(byte[] signature, int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    private static string Unique(string stem, string extension) => $"{stem}-{Guid.NewGuid().ToString("N")[..6]}{extension}";

    private Task<string[]> ChunksAsync() => Page.EvaluateAsync<string[]>("() => window.__lvChunks");

    private ILocator Saved(string name) => Page.Locator("#photo-list li").Filter(new() { HasText = name });

    [Fact]
    public async Task Chosen_photos_upload_with_progress_and_save_with_their_exact_sizes_shown_after_a_reload()
    {
        await Context.AddInitScriptAsync(RecordScript);
        await OpenLiveAsync("/photos");
        var (a, b) = (Png(Unique("sunset", ".png"), 1_048_576), Jpeg(Unique("beach", ".jpg"), 300_001));
        await Page.SetInputFilesAsync("#photo-input", new[] { a, b });
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(2);
        await Expect(Page.Locator("#photo-queue li .entry-state")).ToHaveTextAsync(["ready", "ready"]);
        await Expect(Page.Locator("#photo-queue progress").First).ToHaveJSPropertyAsync("value", 100);
        await Expect(Page.Locator("#photo-error")).ToBeEmptyAsync();
        await Accessibility.AssertAxeCleanAsync(Page);

        await Page.ClickAsync("#photo-save");
        await Expect(Saved(a.Name)).ToContainTextAsync("1,048,576 bytes");
        await Expect(Saved(b.Name)).ToContainTextAsync("300,001 bytes");
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(0);
        Assert.Equal(["bytes 0-1048575/1048576", "bytes 0-300000/300001"], (await ChunksAsync()).Order()); // over HTTP, one 1 MiB chunk each

        await OpenLiveAsync("/photos");
        await Expect(Saved(a.Name)).ToContainTextAsync("1,048,576 bytes");
        var stored = Photos.All().Single(p => p.Name == a.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(a.Buffer)), stored.Sha256);
        Assert.Equal(a.Buffer, await File.ReadAllBytesAsync(Photos.PathOf(stored.Id)));
    }

    [Fact]
    public async Task Refused_files_get_a_message_each_and_not_a_byte_is_sent()
    {
        await Context.AddInitScriptAsync(RecordScript);
        await OpenLiveAsync("/photos");
        await Page.SetInputFilesAsync("#photo-input", new[]
        {
            Png("too-big.png", 5_000_001),
            new FilePayload { Name = "cat.gif", MimeType = "image/gif", Buffer = "GIF89a-------"u8.ToArray() },
        });
        await Expect(Page.Locator("#photo-error")).ToContainTextAsync("too-big.png: is larger than 5 MB.");
        await Expect(Page.Locator("#photo-error")).ToContainTextAsync("cat.gif: is not an accepted file type (.png, .jpg, .jpeg).");
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(0);

        // Four files where three fit: the fourth is refused by name.
        await Page.SetInputFilesAsync("#photo-input", new[] { Png("1.png", 100), Png("2.png", 100), Png("3.png", 100), Png("4.png", 100) });
        await Expect(Page.Locator("#photo-error")).ToHaveTextAsync("4.png: was not added: at most 3 files at a time.");
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(3);
        await Expect(Page.Locator("#photo-queue .entry-state")).ToHaveTextAsync(["ready", "ready", "ready"]);
        Assert.Equal(3, (await ChunksAsync()).Length); // one chunk each for the accepted files, none for the refused
        await Accessibility.AssertAxeCleanAsync(Page);

        await Page.Locator("#photo-queue li").First.Locator("button").ClickAsync(); // cancel one
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task A_photo_dropped_on_the_drop_zone_uploads_like_a_chosen_one()
    {
        await OpenLiveAsync("/photos");
        var name = Unique("dropped", ".jpg");
        var transfer = await Page.EvaluateHandleAsync("""
            name => {
              const bytes = new Uint8Array(70000);
              bytes.set([0xFF, 0xD8, 0xFF, 0xE0]);
              const dt = new DataTransfer();
              dt.items.add(new File([bytes], name, { type: 'image/jpeg' }));
              return dt;
            }
            """, name);
        await Page.DispatchEventAsync(".drop-zone", "dragover", new { dataTransfer = transfer });
        await Page.DispatchEventAsync(".drop-zone", "drop", new { dataTransfer = transfer });
        await Expect(Page.Locator("#photo-queue .entry-state")).ToHaveTextAsync("ready");
        await Page.ClickAsync("#photo-save");
        await Expect(Saved(name)).ToContainTextAsync("70,000 bytes");
    }

    [Fact]
    public async Task On_a_slow_link_a_photo_chosen_and_saved_before_the_upload_client_loads_is_saved()
    {
        var moduleServed = false;
        await Page.RouteAsync("**/_lv/liveview-upload.js", async route => { await Task.Delay(4000); moduleServed = true; await route.ContinueAsync(); });
        await Page.RouteAsync("**/_lv/hub/negotiate*", async route => { await Task.Delay(1000); await route.ContinueAsync(); });
        await Page.GotoAsync("/photos", new() { WaitUntil = WaitUntilState.Commit });
        var photo = Png(Unique("early", ".png"), 1_500_000);
        await Page.SetInputFilesAsync("#photo-input", photo, new() { Timeout = 2000 });
        await Page.ClickAsync("#photo-save");
        Assert.False(moduleServed, "the save must be clicked before the upload client has loaded");
        await Expect(Saved(photo.Name)).ToContainTextAsync("1,500,000 bytes", new() { Timeout = 20_000 });
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(0);
        Assert.Equal("[]", await ErrorsAsync(Page));
    }

    [Fact]
    public async Task A_file_whose_bytes_are_not_an_image_is_refused_by_the_server_after_the_first_chunk()
    {
        await OpenLiveAsync("/photos");
        await Page.SetInputFilesAsync("#photo-input", new FilePayload { Name = "notes.png", MimeType = "image/png", Buffer = "just some text, not a PNG at all"u8.ToArray() });
        await Expect(Page.Locator("#photo-error")).ToContainTextAsync("notes.png: its content is not image/png or image/jpeg");
        await Expect(Page.Locator("#photo-queue li")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_save_clicked_while_photos_are_still_uploading_waits_for_them()
    {
        await Page.RouteAsync("**/_lv/upload", async route => { await Task.Delay(120); await route.ContinueAsync(); });
        await OpenLiveAsync("/photos");
        var photo = Png(Unique("impatient", ".png"), 2_000_000);
        await Page.SetInputFilesAsync("#photo-input", photo);
        await Page.ClickAsync("#photo-save"); // at once, long before the last chunk
        await Expect(Page.Locator("#photo-save")).ToHaveTextAsync("Saving…");
        await Expect(Saved(photo.Name)).ToContainTextAsync("2,000,000 bytes", new() { Timeout = 20_000 });
        await Expect(Page.Locator("#photo-save")).ToHaveTextAsync("Save photos");
    }

    [Fact]
    public async Task A_4_MB_upload_interrupted_by_a_server_restart_resumes_and_completes_with_the_same_bytes()
    {
        await Context.AddInitScriptAsync(RecordScript);
        // A slow link: the first chunk goes through, the others hang until the server is down, so the restart lands mid-file.
        // Chosen by its range, not by arrival: several chunks are in flight and the route sees them in any order.
        var serverDown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync("**/_lv/upload", async route =>
        {
            var range = route.Request.Headers.GetValueOrDefault("content-range") ?? "";
            if (route.Request.Method == "PUT" && !range.StartsWith("bytes 0-", StringComparison.Ordinal)) await serverDown.Task;
            try { await route.ContinueAsync(); } catch (PlaywrightException) { } // the page may be gone at the end
        });
        await OpenLiveAsync("/photos");
        var photo = Png(Unique("restart", ".png"), 4 * 1024 * 1024);
        await Page.SetInputFilesAsync("#photo-input", photo);
        await Page.WaitForFunctionAsync("() => { const p = document.querySelector('#photo-queue progress'); return p && p.value >= 25; }");
        Assert.True(await Page.Locator("#photo-queue progress").EvaluateAsync<double>("p => p.value") < 100, "the restart must interrupt the upload");

        await Demo.StopServerAsync();
        serverDown.SetResult(); // the held chunks now meet a server that is gone
        await Page.WaitForTimeoutAsync(500);
        await Demo.StartServerAsync();
        await WaitUntilLiveAsync(Page, 20_000);
        await Expect(Page.Locator("#photo-queue .entry-state")).ToHaveTextAsync("ready", new() { Timeout = 30_000 });
        await Page.ClickAsync("#photo-save");
        await Expect(Saved(photo.Name)).ToContainTextAsync("4,194,304 bytes");

        var stored = Photos.All().Single(p => p.Name == photo.Name);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(photo.Buffer)), stored.Sha256);
        Assert.Equal(photo.Buffer, await File.ReadAllBytesAsync(Photos.PathOf(stored.Id)));
        var seen = await Page.EvaluateAsync<double[][]>("() => Object.values(window.__lvProgress)");
        var values = Assert.Single(seen);
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] >= values[i - 1], $"progress went back: {string.Join(", ", values)}");
        // It resumed: the chunk the server had acknowledged before the restart was never sent again.
        var chunks = await ChunksAsync();
        Assert.Single(chunks, c => c == "bytes 0-1048575/4194304");
        Assert.Contains(chunks, c => c == "bytes 3145728-4194303/4194304");
    }
}
