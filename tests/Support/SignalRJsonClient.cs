using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace LiveViews.Testing;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a raw WebSocket (the .NET SignalR client package is
/// not available here). Frames end with the 0x1E record separator; see the SignalR hub protocol spec.
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, TaskCompletionSource<JsonObject>> _invocations = new();
    private readonly Channel<JsonObject> _messages = Channel.CreateUnbounded<JsonObject>();
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;
    private int _nextInvocationId;

    /// <summary>Every server-to-client invocation (e.g. <c>p</c> replies) and close message, in arrival order.</summary>
    public ChannelReader<JsonObject> Messages => _messages.Reader;

    public WebSocketState State => _socket.State;

    /// <summary>Every frame received after the handshake, as sent (for wire-size and encoding checks).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> RawFrames { get; } = new();

    public static async Task<SignalRJsonClient> ConnectAsync(Uri hubUrl, IReadOnlyDictionary<string, string>? headers = null)
    {
        var client = new SignalRJsonClient();
        foreach (var (name, value) in headers ?? new Dictionary<string, string>()) client._socket.Options.SetRequestHeader(name, value);
        var wsUrl = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws" }.Uri;
        await client._socket.ConnectAsync(wsUrl, CancellationToken.None);
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}" + RecordSeparator);
        var handshake = await client.ReceiveFrameAsync();
        if (handshake.Trim(RecordSeparator) != "{}") throw new InvalidOperationException("Handshake failed: " + handshake);
        client._receiveLoop = Task.Run(client.ReceiveLoopAsync);
        return client;
    }

    /// <summary>Invokes a hub method and returns its completion message (<c>result</c> or <c>error</c>).</summary>
    public async Task<JsonObject> InvokeAsync(string target, params object?[] args)
    {
        var id = Interlocked.Increment(ref _nextInvocationId).ToString();
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_invocations) _invocations[id] = done;
        await SendRawAsync(JsonSerializer.Serialize(new { type = 1, invocationId = id, target, arguments = args }) + RecordSeparator);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }

    /// <summary>Sends a hub invocation without expecting a completion (what the browser client does for events).</summary>
    public Task SendAsync(string target, params object?[] args) =>
        SendRawAsync(JsonSerializer.Serialize(new { type = 1, target, arguments = args }) + RecordSeparator);

    /// <summary>Sends arbitrary text as one WebSocket message (for malformed-input tests).</summary>
    public async Task SendRawAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
    }

    /// <summary>Waits for the next <c>p</c> reply for <paramref name="viewId"/> matching <paramref name="match"/>.</summary>
    public async Task<JsonObject> NextReplyAsync(string viewId, Func<JsonObject, bool>? match = null, int timeoutMs = 10_000)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        while (true)
        {
            var message = await _messages.Reader.ReadAsync(timeout.Token);
            if (message["target"]?.GetValue<string>() != "p") continue;
            var args = message["arguments"]!.AsArray();
            if (args[0]!.GetValue<string>() != viewId) continue;
            var reply = args[1]!.AsObject();
            if (match is null || match(reply)) return reply;
        }
    }

    /// <summary>The highest ref <paramref name="reply"/> acknowledges: its <c>a</c>, which the server omits when it equals <c>r</c>.</summary>
    public static long AckOf(JsonObject reply) => (reply["a"] ?? reply["r"])!.GetValue<long>();

    private async Task ReceiveLoopAsync()
    {
        var pending = new StringBuilder();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
            {
                pending.Append(await ReceiveFrameAsync());
                var text = pending.ToString();
                var last = text.LastIndexOf(RecordSeparator);
                if (last < 0) continue;
                pending.Clear().Append(text[(last + 1)..]);
                foreach (var frame in text[..last].Split(RecordSeparator, StringSplitOptions.RemoveEmptyEntries))
                {
                    RawFrames.Enqueue(frame);
                    Dispatch(JsonNode.Parse(frame)!.AsObject());
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested || _socket.State != WebSocketState.Open) { }
        finally
        {
            _messages.Writer.TryComplete();
            lock (_invocations)
                foreach (var waiting in _invocations.Values) waiting.TrySetException(new WebSocketException("closed"));
        }
    }

    private void Dispatch(JsonObject message)
    {
        switch (message["type"]?.GetValue<int>())
        {
            case 3:
                var id = message["invocationId"]!.GetValue<string>();
                TaskCompletionSource<JsonObject>? done;
                lock (_invocations) _invocations.Remove(id, out done);
                done?.TrySetResult(message);
                break;
            case 1 or 7:
                _messages.Writer.TryWrite(message);
                break;
        }
    }

    private async Task<string> ReceiveFrameAsync()
    {
        var buffer = new byte[16 * 1024];
        var builder = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                // Acknowledge as a browser does, so the server's close handshake ends at once instead of timing out.
                try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
                catch (WebSocketException) { }
                throw new WebSocketException("closed by server");
            }
            builder.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        } while (!result.EndOfMessage);
        return builder.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception) { }
        try { await _receiveLoop.WaitAsync(TimeSpan.FromSeconds(2)); } catch (Exception) { }
        _socket.Dispose();
    }
}
