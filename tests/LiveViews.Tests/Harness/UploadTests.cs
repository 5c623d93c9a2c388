using System.Security.Cryptography;
using System.Text;

namespace LiveViews.Tests.Harness;

/// <summary>
/// Uploads through the harness's upload client against the real server (UploadProbeView: .png or .txt up to 10,000 bytes,
/// two at a time; 1 KiB chunks): the hub preflight, chunks over HTTP, progress, refusals, held submits, reconnects.
/// </summary>
public sealed class UploadTests(HarnessHost host) : IClassFixture<HarnessHost>
{
    private static byte[] Png(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(bytes, 0);
        return bytes;
    }

    private static string Digest(string name, byte[] bytes) => $"{name}={Convert.ToHexString(SHA256.HashData(bytes))}";

    [Fact]
    public async Task A_file_travels_in_chunks_its_progress_shows_and_the_view_consumes_exactly_its_bytes()
    {
        await using var live = await host.MountAsync("/upload");
        var file = Png(3500); // 4 chunks of at most 1 KiB
        var result = Assert.Single(await live.UploadAsync("#files", ("cat.png", "image/png", file)));
        Assert.Equal(UploadOutcome.Uploaded, result.Outcome);
        Assert.Equal(3500, result.Acknowledged);

        await live.WaitUntilAsync(p => p.Find($"#e-{result.Ref}").TextContent.Contains("3500/3500 done"));
        Assert.Equal("100", live.Find($"#e-{result.Ref} progress").GetAttribute("value"));

        await live.SubmitAsync("#save-form");
        Assert.Equal(Digest("cat.png", file), live.Find("#consumed li").TextContent);
        Assert.Empty(live.FindAll("#queue li"));
        Assert.Empty(live.Errors);
    }

    [Fact]
    public async Task Files_the_preflight_refuses_are_not_sent_and_the_view_says_why()
    {
        await using var live = await host.MountAsync("/upload");
        var results = await live.UploadAsync("#drop-hint", ("big.png", "image/png", Png(20_000)), ("cat.gif", "image/gif", [1, 2, 3]));
        Assert.All(results, r => Assert.Equal(UploadOutcome.Refused, r.Outcome));
        Assert.All(results, r => Assert.Equal(0, r.Acknowledged));
        await live.WaitUntilAsync(p => p.FindAll("#errors p").Count == 2);
        Assert.Contains("big.png: is larger than", live.Find("#errors p:first-child").TextContent);
        Assert.Contains("cat.gif: is not an accepted file type", live.Find("#errors p:last-child").TextContent);
    }

    [Fact]
    public async Task Content_that_is_not_the_declared_type_is_stopped_by_the_server()
    {
        await using var live = await host.MountAsync("/upload");
        // one chunk: its first bytes are sniffed (with several in flight, a later one may be answered 410 first)
        var result = Assert.Single(await live.UploadAsync("#files", ("fake.png", "image/png", Encoding.UTF8.GetBytes(new string('x', 1000)))));
        Assert.Equal(UploadOutcome.Stopped, result.Outcome);
        Assert.StartsWith("415: fake.png: its content is not image/png", result.Message);
        Assert.Contains(live.Warnings, w => w == "lv: upload of fake.png stopped (415)");
        await live.WaitUntilAsync(p => p.FindAll("#errors p").Count == 1);
        Assert.Empty(live.FindAll("#queue li"));
    }

    [Fact]
    public async Task A_submit_while_a_file_is_on_its_way_is_predicted_at_once_and_sent_when_it_ends()
    {
        await using var live = await host.MountAsync("/upload");
        var file = Png(2500);
        live.Faults.HoldUploads(); // a slow link
        var result = Assert.Single(await live.UploadAsync("#files", ("slow.png", "image/png", file)));
        Assert.Equal(UploadOutcome.Pending, result.Outcome);
        Assert.Equal(0, result.Acknowledged);

        await live.SubmitAsync("#save-form");
        Assert.Equal("Saving…", live.Find("#save").TextContent); // predicted at once
        Assert.Empty(live.FindAll("#consumed li")); // not sent yet: it waits for the upload
        Assert.DoesNotContain(live.Replies, r => r.Ref > 0);

        await live.Faults.ResumeUploadsAsync();
        Assert.Equal(Digest("slow.png", file), live.Find("#consumed li").TextContent);
        Assert.Equal("Save", live.Find("#save").TextContent);
        Assert.Equal(UploadOutcome.Uploaded, Assert.Single(live.Uploads).Outcome);
    }

    [Fact]
    public async Task After_a_reconnect_the_file_is_announced_again_with_its_token_and_resumes()
    {
        await using var live = await host.MountAsync("/upload");
        var file = Png(3000);
        live.Faults.HoldUploads();
        var result = Assert.Single(await live.UploadAsync("#files", ("resume.png", "image/png", file)));
        await live.Faults.DisconnectAsync();
        await live.Faults.ReconnectAsync(); // the server mounts the view afresh; the client announces the file with its token
        await live.WaitForAsync($"#e-{result.Ref}");

        await live.Faults.ResumeUploadsAsync();
        var upload = Assert.Single(live.Uploads);
        Assert.True(upload.Outcome == UploadOutcome.Uploaded, $"{upload.Outcome}: {upload.Message}; warnings: {string.Join(" | ", live.Warnings)}");
        await live.WaitUntilAsync(p => p.Find($"#e-{result.Ref}").TextContent.Contains("done"));
        await live.SubmitAsync("#save-form");
        Assert.Equal(Digest("resume.png", file), live.Find("#consumed li").TextContent);
    }

    [Fact]
    public async Task A_file_the_view_cancels_is_stopped_by_the_chunk_endpoint()
    {
        await using var live = await host.MountAsync("/upload");
        live.Faults.HoldUploads();
        var result = Assert.Single(await live.UploadAsync("#files", ("drop.png", "image/png", Png(2000))));
        await live.WaitForAsync($"#e-{result.Ref}");
        await live.ClickAsync($"#e-{result.Ref} .cancel");
        Assert.Empty(live.FindAll("#queue li"));

        await live.Faults.ResumeUploadsAsync();
        var ended = Assert.Single(live.Uploads);
        Assert.Equal(UploadOutcome.Stopped, ended.Outcome);
        Assert.StartsWith("410:", ended.Message);
    }

    [Fact]
    public async Task Gestures_a_person_cannot_make_throw_with_what_was_wrong()
    {
        await using var live = await host.MountAsync("/upload");
        var notUpload = await Assert.ThrowsAsync<LiveViewTestException>(() => live.UploadAsync("#save", ("a.png", "image/png", Png(100))));
        Assert.Contains("is not an <input type=file lv-upload> nor inside an lv-upload-drop zone", notUpload.Message);

        await using var single = await host.MountAsync("/harness");
        await Assert.ThrowsAsync<LiveViewTestException>(() => single.UploadAsync("#count", ("a.png", "image/png", Png(100))));
    }
}
