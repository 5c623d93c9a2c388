using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using static LiveViews.Tests.Uploads.UploadsHost;

namespace LiveViews.Tests.Uploads;

/// <summary>The upload protocol over a real Kestrel: preflight over the hub, chunks over HTTP (docs/protocol.md, "Uploads").</summary>
public sealed class ChunkProtocolTests(UploadsHost host) : IClassFixture<UploadsHost>
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static byte[] Png(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        PngSignature.CopyTo(bytes, 0);
        return bytes;
    }

    private static byte[] Slice(byte[] bytes, int from, int to) => bytes[from..Math.Min(to, bytes.Length)];

    private static async Task<long> AckedAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["o"]!.GetValue<long>();
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["error"]!.GetValue<string>();
    }

    private async Task<(SignalRJsonClient Client, string ViewId, string Token)> StartAsync(byte[] file, string name = "a.png", string? user = null)
    {
        var (client, viewId) = await host.JoinAsAsync(user);
        var preflight = await PreflightAsync(client, viewId, new { r = "f1", n = name, s = file.Length, y = "image/png" });
        return (client, viewId, TokenOf(preflight));
    }

    [Fact]
    public async Task The_preflight_answers_a_token_per_accepted_file_and_the_chunk_settings()
    {
        var (client, viewId) = await host.JoinAsAsync(null);
        await using var _ = client;
        var result = (await PreflightAsync(client, viewId, new { r = "p1", n = "a.png", s = 3000, y = "image/png" }))["result"]!;
        Assert.Equal("/_lv/upload", result["u"]!.GetValue<string>());
        Assert.Equal(Chunk, result["c"]!.GetValue<int>());
        Assert.Equal(4, result["p"]!.GetValue<int>());
        Assert.Equal(30_000, result["w"]!.GetValue<long>());
        Assert.Equal("p1", result["e"]![0]!["r"]!.GetValue<string>());
        Assert.Equal(0, result["e"]![0]!["o"]!.GetValue<long>());
        Assert.False(string.IsNullOrEmpty(result["e"]![0]!["t"]!.GetValue<string>()));
        var render = (await client.NextReplyAsync(viewId)).ToJsonString(); // the view re-renders with the entry
        Assert.Contains("a.png 0/3000", render);
    }

    [Fact]
    public async Task Chunks_in_order_complete_the_file_and_the_view_consumes_exactly_its_bytes()
    {
        var file = Png(3000);
        var (client, viewId, token) = await StartAsync(file);
        await using var _ = client;
        Assert.Equal(1024, await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length)));
        Assert.Equal(2048, await AckedAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length)));
        Assert.Equal(3000, await AckedAsync(await host.PutAsync(token, 2048, Slice(file, 2048, 3000), file.Length)));
        await client.NextReplyAsync(viewId, r => r.ToJsonString().Contains("3000/3000 done"));

        await client.SendAsync("e", viewId, 1, "Save", new { });
        var saved = await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == 1);
        Assert.Contains($"a.png={Convert.ToHexString(SHA256.HashData(file))}", saved.ToJsonString());
        await ErrorAsync(await host.StatusAsync(token), HttpStatusCode.Gone); // consumed: its files are deleted
        Assert.Empty(Directory.EnumerateFiles(host.TempDirectory, "*.part").Where(f => File.ReadAllBytes(f).SequenceEqual(file)));
    }

    [Fact]
    public async Task Chunks_out_of_order_and_twice_are_acknowledged_only_up_to_the_first_gap()
    {
        var file = Png(3000);
        var (client, _, token) = await StartAsync(file);
        await using var __ = client;
        Assert.Equal(0, await AckedAsync(await host.PutAsync(token, 2048, Slice(file, 2048, 3000), file.Length)));
        Assert.Equal(0, await AckedAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length)));
        Assert.Equal(3000, await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length)));
        Assert.Equal(3000, await AckedAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length))); // again: harmless
    }

    [Fact]
    public async Task A_client_resumes_from_the_status_the_server_acknowledged()
    {
        var file = Png(3000);
        var (client, _, token) = await StartAsync(file);
        await using var __ = client;
        await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length));
        await AckedAsync(await host.PutAsync(token, 2048, Slice(file, 2048, 3000), file.Length));
        var status = JsonNode.Parse(await (await host.StatusAsync(token)).Content.ReadAsStringAsync())!;
        Assert.Equal(1024, status["o"]!.GetValue<long>());
        Assert.Equal(3000, status["s"]!.GetValue<long>());
        Assert.Equal(3000, await AckedAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length)));
    }

    [Fact]
    public async Task A_preflight_sent_again_after_its_answer_was_lost_is_answered_again_for_the_same_file()
    {
        // The client's first preflight ran, but its answer was lost in a dropped connection (the view was kept): the
        // client sends it again, still without a token. It gets the same file back, with what the server holds.
        var file = Png(3000);
        var (client, viewId, token) = await StartAsync(file);
        await using var __ = client;
        await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length));
        var again = (await PreflightAsync(client, viewId, new { r = "f1", n = "a.png", s = file.Length, y = "image/png" }))["result"]!["e"]![0]!;
        var second = again["t"]!.GetValue<string>();
        Assert.Equal(1024, again["o"]!.GetValue<long>());
        await AckedAsync(await host.PutAsync(second, 1024, Slice(file, 1024, 2048), file.Length));
        Assert.Equal(3000, await AckedAsync(await host.PutAsync(second, 2048, Slice(file, 2048, 3000), file.Length)));

        // The same ref for another file is still a second choice, refused.
        var other = (await PreflightAsync(client, viewId, new { r = "f1", n = "b.png", s = 10, y = "image/png" }))["result"]!["e"]![0]!;
        Assert.Null(other["t"]);
    }

    [Fact]
    public async Task Oversized_misplaced_and_malformed_chunks_are_refused_and_lose_nothing()
    {
        var file = Png(3000);
        var (client, _, token) = await StartAsync(file);
        await using var __ = client;
        Assert.Contains("at most 1024 bytes", await ErrorAsync(await host.PutAsync(token, 0, Slice(file, 0, 2000), file.Length), HttpStatusCode.RequestEntityTooLarge));
        Assert.Contains("past the end", await ErrorAsync(await host.PutAsync(token, 2048, new byte[1000], file.Length, to: 3047), HttpStatusCode.RequestEntityTooLarge));
        Assert.Contains("not the file's size", await ErrorAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), 9999), HttpStatusCode.BadRequest));
        Assert.Contains("shorter", await ErrorAsync(await host.PutAsync(token, 0, Slice(file, 0, 500), file.Length, to: 1023), HttpStatusCode.BadRequest));
        var noRange = new HttpRequestMessage(HttpMethod.Put, new Uri(host.BaseAddress, "/_lv/upload")) { Content = new ByteArrayContent(file[..100]) };
        noRange.Headers.Add("LV-Upload-Token", token);
        Assert.Contains("Content-Range", await ErrorAsync(await host.Http.SendAsync(noRange), HttpStatusCode.BadRequest));
        // Nothing was written by the refused requests; the upload goes on.
        Assert.Equal(1024, await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length)));
    }

    [Fact]
    public async Task A_missing_tampered_or_foreign_token_is_refused()
    {
        var file = Png(2000);
        var (client, _, token) = await StartAsync(file, user: "alice");
        await using var __ = client;
        await ErrorAsync(await host.PutAsync(null, 0, Slice(file, 0, 1024), file.Length, user: "alice"), HttpStatusCode.Unauthorized);
        var tampered = token[..^4] + (token[^4] == 'A' ? "BBBB" : "AAAA");
        Assert.Contains("invalid or expired", await ErrorAsync(await host.PutAsync(tampered, 0, Slice(file, 0, 1024), file.Length, user: "alice"), HttpStatusCode.Unauthorized));
        Assert.Contains("another user", await ErrorAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length, user: "mallory"), HttpStatusCode.Forbidden));
        Assert.Contains("another user", await ErrorAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length), HttpStatusCode.Forbidden)); // anonymous
        Assert.Equal(1024, await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length, user: "alice")));
    }

    [Fact]
    public async Task A_token_from_one_view_cannot_be_taken_into_another()
    {
        var file = Png(2000);
        var (clientA, _, tokenA) = await StartAsync(file);
        await using var _ = clientA;
        var (clientB, viewB) = await host.JoinAsAsync(null);
        await using var __ = clientB;
        // View B is told about A's file with A's token (as a remount would announce it): it does not take it.
        var answer = (await PreflightAsync(clientB, viewB, new { r = "f1", n = "a.png", s = file.Length, y = "image/png", t = tokenA }))["result"]!["e"]![0]!;
        Assert.Null(answer["t"]);
        await clientB.SendAsync("e", viewB, 1, "Save", new { });
        Assert.DoesNotContain("a.png=", (await clientB.NextReplyAsync(viewB, r => r["r"]!.GetValue<long>() == 1)).ToJsonString());
    }

    [Fact]
    public async Task The_same_page_remounted_takes_its_files_back_from_their_tokens_with_their_progress()
    {
        var file = Png(3000);
        var html = await host.Http.GetStringAsync(new Uri(host.BaseAddress, "/upload"));
        var pageToken = Hub.LiveTestHost.TokensIn(html).First();
        var first = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var view1 = (await first.InvokeAsync("join", pageToken))["result"]!["id"]!.GetValue<string>();
        var token = TokenOf(await PreflightAsync(first, view1, new { r = "f1", n = "a.png", s = file.Length, y = "image/png" }));
        await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length));
        await first.DisposeAsync(); // the connection drops: the view is gone, its file waits for the grace period

        await using var second = await SignalRJsonClient.ConnectAsync(host.HubUrl);
        var view2 = (await second.InvokeAsync("join", pageToken))["result"]!["id"]!.GetValue<string>();
        var answer = (await PreflightAsync(second, view2, new { r = "f1", n = "a.png", s = file.Length, y = "image/png", t = token }))["result"]!["e"]![0]!;
        Assert.Equal(token, answer["t"]!.GetValue<string>());
        Assert.Equal(1024, answer["o"]!.GetValue<long>());
        Assert.Contains("a.png 1024/3000", (await second.NextReplyAsync(view2)).ToJsonString());
        await AckedAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length));
        await AckedAsync(await host.PutAsync(token, 2048, Slice(file, 2048, 3000), file.Length));
        await second.NextReplyAsync(view2, r => r.ToJsonString().Contains("3000/3000 done"));
    }

    [Fact]
    public async Task Content_that_is_not_what_the_accept_list_allows_is_refused_on_its_first_chunk()
    {
        var text = "plain text pretending to be a PNG image"u8.ToArray();
        var (client, viewId, token) = await StartAsync(text, "fake.png");
        await using var _ = client;
        Assert.Contains("fake.png: its content is not image/png", await ErrorAsync(await host.PutAsync(token, 0, text, text.Length), HttpStatusCode.UnsupportedMediaType));
        await client.NextReplyAsync(viewId, r => r.ToJsonString().Contains("fake.png: its content is not image/png or text/plain."));
        await ErrorAsync(await host.StatusAsync(token), HttpStatusCode.Gone);

        // A .txt file is accepted by its name: text has no signature to check.
        var (client2, _, textToken) = await StartAsync(text, "notes.txt");
        await using var __ = client2;
        Assert.Equal(text.Length, await AckedAsync(await host.PutAsync(textToken, 0, text, text.Length)));
    }

    [Fact]
    public async Task The_preflight_refuses_by_type_size_count_and_disk_limit_with_a_message_per_file()
    {
        var (client, viewId) = await host.JoinAsAsync(null);
        await using var _ = client;
        var result = (await PreflightAsync(client, viewId,
            new { r = "a", n = "cat.gif", s = 100, y = "image/gif" },
            new { r = "b", n = "huge.png", s = 10_001, y = "image/png" },
            new { r = "c", n = "empty.png", s = 0, y = "image/png" },
            new { r = "d", n = "one.png", s = 8000, y = "image/png" },
            new { r = "e", n = "two.png", s = 8000, y = "image/png" },
            new { r = "f", n = "three.png", s = 10, y = "image/png" },
            new { r = "g", n = "four.png", s = 10, y = "image/png" }))["result"]!["e"]!.AsArray();
        Assert.Equal([false, false, false, true, false, true, false], result.Select(a => a!["t"] is not null));
        var render = (await client.NextReplyAsync(viewId)).ToJsonString();
        Assert.Contains("cat.gif: is not an accepted file type (.png, .txt).", render);
        Assert.Contains("huge.png: is larger than 10,000 bytes.", render);
        Assert.Contains("empty.png: is empty.", render);
        Assert.Contains("two.png: uploads on this page are limited to 15,000 bytes at a time.", render);
        Assert.Contains("four.png: was not added: at most 2 files at a time.", render);
    }

    [Fact]
    public async Task Hostile_preflights_are_refused_and_the_view_survives()
    {
        var (client, viewId) = await host.JoinAsAsync(null);
        await using var _ = client;
        Assert.Contains("declares no upload 'nope'", (await client.InvokeAsync("u", viewId, "nope", new object[] { new { r = "a", n = "a.png", s = 1 } }))["error"]!.GetValue<string>());
        Assert.Contains("ref of 1-40", (await PreflightAsync(client, viewId, new { r = "<script>", n = "a.png", s = 1 }))["error"]!.GetValue<string>());
        Assert.Contains("1 to 100 files", (await client.InvokeAsync("u", viewId, "files", Enumerable.Range(0, 101).Select(i => new { r = $"r{i}", n = "a.png", s = 1 }).ToArray()))["error"]!.GetValue<string>());
        Assert.NotNull((await PreflightAsync(client, viewId, new { r = "ok", n = "../../etc/passwd.png", s = 100, y = "image/png" }))["result"]);
        Assert.Contains("passwd.png 0/100", (await client.NextReplyAsync(viewId, r => r.ToJsonString().Contains("passwd"))).ToJsonString());
    }

    [Fact]
    public async Task A_cancelled_file_refuses_further_chunks_and_its_bytes_are_deleted()
    {
        var file = Png(3000);
        var (client, viewId, token) = await StartAsync(file);
        await using var _ = client;
        await AckedAsync(await host.PutAsync(token, 0, Slice(file, 0, 1024), file.Length));
        await client.SendAsync("e", viewId, 1, "Cancel", new { @ref = "f1" });
        await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == 1);
        await ErrorAsync(await host.PutAsync(token, 1024, Slice(file, 1024, 2048), file.Length), HttpStatusCode.Gone);
    }
}
