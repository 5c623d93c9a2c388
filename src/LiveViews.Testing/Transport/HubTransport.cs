using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveViews.Testing.Transport;

/// <summary>
/// One hub connection (Microsoft.AspNetCore.SignalR.Client, JSON protocol, WebSockets through the test server), as the
/// browser client's <c>HubConnection</c>: <c>join</c> invocations, fire-and-forget sends in order, <c>p</c> replies.
/// </summary>
internal sealed class HubTransport : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Channel<(string Method, object?[] Args, Action<Exception> Lost)> _sends = Channel.CreateUnbounded<(string, object?[], Action<Exception>)>(new() { SingleReader = true });
    private readonly Task _sendLoop;
    private int _pendingSends;

    private HubTransport(HubConnection connection)
    {
        _connection = connection;
        _sendLoop = Task.Run(SendLoopAsync);
    }

    /// <summary>Sends queued but not yet written to the connection.</summary>
    public int PendingSends => Volatile.Read(ref _pendingSends);

    /// <summary>
    /// Connects. <paramref name="onReply"/> receives every <c>p</c> message (view id, reply) in arrival order;
    /// <paramref name="onClosed"/> runs when the connection ends without <see cref="DisposeAsync"/>.
    /// Throws what the connection's start throws.
    /// </summary>
    public static async Task<HubTransport> ConnectAsync(LiveHost host, Action<string, JsonElement> onReply, Action<Exception?> onClosed, Action onSent)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(host.BaseAddress, host.HubPath), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.HttpMessageHandlerFactory = _ => host.CreateHandler();
                options.WebSocketFactory = (context, cancellation) => host.ConnectWebSocketAsync(context.Uri, cancellation);
            })
            .Build();
        var transport = new HubTransport(connection) { _onSent = onSent };
        connection.On<string, JsonElement>("p", (viewId, reply) => onReply(viewId, reply));
        connection.Closed += error =>
        {
            if (!transport._disposing) onClosed(error);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync();
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
        return transport;
    }

    private Action _onSent = () => { };
    private volatile bool _disposing;

    /// <summary>Invokes <c>join</c>; returns the join result. Throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/> with the server's reason.</summary>
    public Task<JsonElement> JoinAsync(string token) => _connection.InvokeAsync<JsonElement>("join", token);

    /// <summary>Invokes hub method <paramref name="method"/> and returns its result (the upload preflight <c>u</c>). Throws <see cref="Microsoft.AspNetCore.SignalR.HubException"/> with the server's reason, or what a closed connection throws.</summary>
    public Task<JsonElement> InvokeAsync(string method, object?[] args) => _connection.InvokeCoreAsync<JsonElement>(method, args);

    /// <summary>Queues a send; sends go out in order. <paramref name="lost"/> runs when it cannot be sent.</summary>
    public void Send(string method, object?[] args, Action<Exception> lost)
    {
        Interlocked.Increment(ref _pendingSends);
        if (!_sends.Writer.TryWrite((method, args, lost)))
        {
            Interlocked.Decrement(ref _pendingSends);
            lost(new InvalidOperationException("The connection is closed."));
        }
    }

    private async Task SendLoopAsync()
    {
        await foreach (var (method, args, lost) in _sends.Reader.ReadAllAsync())
        {
            try { await _connection.SendCoreAsync(method, args); }
            catch (Exception ex) { lost(ex); }
            finally
            {
                Interlocked.Decrement(ref _pendingSends);
                _onSent();
            }
        }
    }

    /// <summary>Closes the connection (the server disposes its views); queued sends are lost.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        _sends.Writer.TryComplete();
        try { await _connection.StopAsync(); } catch (Exception) { }
        try { await _sendLoop.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { }
        await _connection.DisposeAsync();
    }
}
