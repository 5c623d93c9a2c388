using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace LiveViews.EndToEnd;

/// <summary>
/// A small SignalR JSON-protocol client over a raw WebSocket that speaks the LiveView wire protocol
/// (docs/protocol.md) the way the browser client does: join with a page's token, send <c>e</c> events, read <c>p</c> replies.
/// Used to check the demo's handlers without a browser.
/// </summary>
public sealed partial class HubClient : IAsyncDisposable
{
    private const char Separator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonObject> _frames = Channel.CreateUnbounded<JsonObject>();
    private Task _receiving = Task.CompletedTask;
    private int _nextInvocation;
    private long _nextRef;

    public string ViewId { get; private set; } = "";
    public JsonObject Joined { get; private set; } = null!;

    /// <summary>Loads <paramref name="path"/> over HTTP, connects to the hub and joins the page's view.</summary>
    public static async Task<HubClient> JoinAsync(Uri baseUrl, string path)
    {
        using var http = new HttpClient();
        var html = await http.GetStringAsync(new Uri(baseUrl, path));
        var token = WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);
        var client = new HubClient();
        await client._socket.ConnectAsync(new UriBuilder(new Uri(baseUrl, "/_lv/hub")) { Scheme = "ws" }.Uri, CancellationToken.None);
        await client.SendFrameAsync(new { protocol = "json", version = 1 });
        client._receiving = Task.Run(client.ReceiveAsync);
        var id = (++client._nextInvocation).ToString();
        await client.SendFrameAsync(new { type = 1, invocationId = id, target = "join", arguments = new object[] { token } });
        var completion = await client.NextAsync(f => f["type"]?.GetValue<int>() == 3 && f["invocationId"]?.GetValue<string>() == id);
        client.Joined = completion["result"] as JsonObject ?? throw new InvalidOperationException("join failed: " + completion.ToJsonString());
        client.ViewId = client.Joined["id"]!.GetValue<string>();
        return client;
    }

    /// <summary>Sends an event and returns the reply that answers it (or acknowledges it as coalesced).</summary>
    public async Task<JsonObject> SendEventAsync(string handler, object args)
    {
        var reference = Interlocked.Increment(ref _nextRef);
        await SendFrameAsync(new { type = 1, target = "e", arguments = new object[] { ViewId, reference, handler, args } });
        return await NextReplyAsync(r => r["r"]!.GetValue<long>() == reference || r["a"]!.GetValue<long>() >= reference);
    }

    /// <summary>Sends an event without waiting for its reply; returns its ref.</summary>
    public async Task<long> SendEventNoWaitAsync(string handler, object args)
    {
        var reference = Interlocked.Increment(ref _nextRef);
        await SendFrameAsync(new { type = 1, target = "e", arguments = new object[] { ViewId, reference, handler, args } });
        return reference;
    }

    /// <summary>The next <c>p</c> reply for this view matching <paramref name="match"/>.</summary>
    public async Task<JsonObject> NextReplyAsync(Func<JsonObject, bool>? match = null)
    {
        var frame = await NextAsync(f => f["type"]?.GetValue<int>() == 1 && f["target"]?.GetValue<string>() == "p"
            && f["arguments"]![0]!.GetValue<string>() == ViewId && (match is null || match(f["arguments"]![1]!.AsObject())));
        return frame["arguments"]![1]!.AsObject();
    }

    private async Task<JsonObject> NextAsync(Func<JsonObject, bool> match)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var frame = await _frames.Reader.ReadAsync(timeout.Token);
            if (match(frame)) return frame;
        }
    }

    private Task SendFrameAsync(object message) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message) + Separator), WebSocketMessageType.Text, true, CancellationToken.None);

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
                var all = text.ToString();
                var end = all.LastIndexOf(Separator);
                if (end < 0) continue;
                text.Clear().Append(all[(end + 1)..]);
                foreach (var frame in all[..end].Split(Separator, StringSplitOptions.RemoveEmptyEntries))
                    if (JsonNode.Parse(frame) is JsonObject message) _frames.Writer.TryWrite(message);
            }
        }
        catch (WebSocketException) { }
        finally { _frames.Writer.TryComplete(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); } catch (WebSocketException) { }
        await _receiving;
        _socket.Dispose();
    }

    [GeneratedRegex("data-lv-token=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
