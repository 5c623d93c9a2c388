using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace LiveViews.LoadGen;

/// <summary>
/// One browser-less client of the framework: a raw WebSocket speaking the SignalR JSON hub protocol (docs/protocol.md):
/// handshake, <c>join</c> with a page's token, then <c>e</c> events answered by <c>p</c> replies. Frames end with 0x1E.
/// Only the sender task sends (a WebSocket allows one send at a time); the receive loop matches replies to refs.
/// </summary>
internal sealed class HubConnection : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1E;
    private static readonly byte[] TargetP = "\"target\":\"p\""u8.ToArray();
    private static readonly byte[] RefKey = "{\"r\":"u8.ToArray();
    private static readonly byte[] ErrorKey = "\"e\":\""u8.ToArray();
    private static readonly byte[] Ping = "{\"type\":6}\u001e"u8.ToArray();
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<long, long> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receive = Task.CompletedTask;
    private TaskCompletionSource<string>? _join;

    public string ViewId { get; private set; } = "";
    /// <summary>Called for each reply to one of our events: (latency in Stopwatch ticks, reply frame bytes, had error).</summary>
    public Action<long, int, bool>? OnReply { get; set; }
    public long ProtocolErrors;
    public long ReplyBytes;
    public long Replies;

    /// <summary>Connects and joins <paramref name="token"/>; <paramref name="cookie"/> (e.g. <c>lv_node=node1</c>, a load balancer's affinity cookie) is sent with the upgrade request.</summary>
    public static async Task<HubConnection> ConnectAsync(Uri hub, string token, CancellationToken ct, string? cookie = null)
    {
        var c = new HubConnection();
        c._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        if (!string.IsNullOrEmpty(cookie)) c._socket.Options.SetRequestHeader("Cookie", cookie);
        await c._socket.ConnectAsync(hub, ct);
        await c.SendRawAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), ct);
        var handshake = await c.ReceiveMessageAsync(ct);
        if (!handshake.AsSpan().StartsWith("{}"u8)) throw new InvalidOperationException("handshake failed: " + Encoding.UTF8.GetString(handshake));
        c._join = new(TaskCreationOptions.RunContinuationsAsynchronously);
        c._receive = Task.Run(c.ReceiveLoopAsync);
        var join = JsonSerializer.SerializeToUtf8Bytes(new { type = 1, invocationId = "1", target = "join", arguments = new[] { token } });
        await c.SendRawAsync([.. join, RecordSeparator], ct);
        c.ViewId = await c._join.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        return c;
    }

    /// <summary>Sends event <paramref name="eventRef"/> for <paramref name="handler"/> with raw JSON args (e.g. <c>{"id":3}</c>).</summary>
    public Task SendEventAsync(long eventRef, string handler, string argsJson, CancellationToken ct)
    {
        var frame = Encoding.UTF8.GetBytes($"{{\"type\":1,\"target\":\"e\",\"arguments\":[\"{ViewId}\",{eventRef},\"{handler}\",{argsJson}]}}\u001e");
        lock (_pending) _pending[eventRef] = Stopwatch.GetTimestamp();
        return SendRawAsync(frame, ct);
    }

    public Task PingAsync(CancellationToken ct) => SendRawAsync(Ping, ct);

    public int Outstanding { get { lock (_pending) return _pending.Count; } }

    private async Task SendRawAsync(byte[] bytes, CancellationToken ct)
    {
        await _sendLock.WaitAsync(ct);
        try { await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, ct); }
        finally { _sendLock.Release(); }
    }

    private async Task<byte[]> ReceiveMessageAsync(CancellationToken ct)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var result = await _socket.ReceiveAsync(memory, ct);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("closed by the server");
            buffer.Advance(result.Count);
            if (result.EndOfMessage) return buffer.WrittenSpan.ToArray();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.GetMemory(16 * 1024), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close) break;
                buffer.Advance(result.Count);
                if (!result.EndOfMessage) continue;
                var data = buffer.WrittenSpan;
                int start = 0, sep;
                while ((sep = data[start..].IndexOf(RecordSeparator)) >= 0)
                {
                    HandleRecord(data.Slice(start, sep + 1));
                    start += sep + 1;
                }
                buffer.ResetWrittenCount();
            }
        }
        catch (Exception) when (_socket.State != WebSocketState.Open) { }
        catch (Exception) { Interlocked.Increment(ref ProtocolErrors); }
        _join?.TrySetException(new InvalidOperationException("connection closed before join completed"));
    }

    private void HandleRecord(ReadOnlySpan<byte> record)
    {
        if (record.IndexOf(TargetP) >= 0)
        {
            var at = record.IndexOf(RefKey);
            if (at < 0 || !Utf8Parser.TryParse(record[(at + RefKey.Length)..], out long eventRef, out _)) { Interlocked.Increment(ref ProtocolErrors); return; }
            Interlocked.Add(ref ReplyBytes, record.Length);
            Interlocked.Increment(ref Replies);
            if (eventRef == 0) return; // a server push
            long sentAt;
            lock (_pending)
            {
                if (!_pending.Remove(eventRef, out sentAt)) return;
            }
            OnReply?.Invoke(Stopwatch.GetTimestamp() - sentAt, record.Length, record.IndexOf(ErrorKey) >= 0);
            return;
        }
        if (record.StartsWith("{\"type\":6"u8)) return;
        if (record.StartsWith("{\"type\":3"u8) && _join is { Task.IsCompleted: false })
        {
            using var doc = JsonDocument.Parse(record[..^1].ToArray());
            if (doc.RootElement.TryGetProperty("result", out var result) && result.TryGetProperty("id", out var id))
                _join.TrySetResult(id.GetString()!);
            else
                _join.TrySetException(new InvalidOperationException("join failed: " + Encoding.UTF8.GetString(record)));
            return;
        }
        if (record.StartsWith("{\"type\":7"u8)) Interlocked.Increment(ref ProtocolErrors);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            if (_socket.State == WebSocketState.Open) await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        }
        catch { _socket.Abort(); }
        try { await _receive.WaitAsync(TimeSpan.FromSeconds(2)); } catch { }
        _socket.Dispose();
    }
}
