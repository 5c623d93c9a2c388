using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LiveViews.EndToEnd;

/// <summary>
/// One demo view over the wire, driven the way the browser client drives it (docs/protocol.md): join with a page's
/// token, send <c>e</c> events with increasing refs, read <c>p</c> replies. Checks the demo's handlers without a browser.
/// </summary>
public sealed partial class HubClient : IAsyncDisposable
{
    private readonly SignalRJsonClient _client;
    private long _nextRef;

    private HubClient(SignalRJsonClient client, JsonObject joined)
    {
        _client = client;
        Joined = joined;
        ViewId = joined["id"]!.GetValue<string>();
    }

    public string ViewId { get; }
    public JsonObject Joined { get; }

    /// <summary>Loads <paramref name="path"/> over HTTP, connects to the hub and joins the page's view.</summary>
    public static async Task<HubClient> JoinAsync(Uri baseUrl, string path)
    {
        using var http = new HttpClient();
        var html = await http.GetStringAsync(new Uri(baseUrl, path));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var client = await SignalRJsonClient.ConnectAsync(new Uri(baseUrl, "/_lv/hub"));
        var completion = await client.InvokeAsync("join", token);
        if (completion["result"] is not JsonObject joined)
        {
            await client.DisposeAsync();
            throw new InvalidOperationException("join failed: " + completion.ToJsonString());
        }
        return new HubClient(client, joined);
    }

    /// <summary>Sends an event and returns the reply that answers it (or acknowledges it as coalesced).</summary>
    public async Task<JsonObject> SendEventAsync(string handler, object args)
    {
        var reference = await SendEventNoWaitAsync(handler, args);
        return await NextReplyAsync(r => r["r"]!.GetValue<long>() == reference || r["a"]!.GetValue<long>() >= reference);
    }

    /// <summary>Sends an event without waiting for its reply; returns its ref.</summary>
    public async Task<long> SendEventNoWaitAsync(string handler, object args)
    {
        var reference = Interlocked.Increment(ref _nextRef);
        await _client.SendAsync("e", ViewId, reference, handler, args);
        return reference;
    }

    /// <summary>The next <c>p</c> reply for this view matching <paramref name="match"/>.</summary>
    public Task<JsonObject> NextReplyAsync(Func<JsonObject, bool>? match = null) => _client.NextReplyAsync(ViewId, match);

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    [GeneratedRegex("data-lv-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
