using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveViews.Hub;

/// <summary>
/// Wraps a SignalR hub protocol so that a complete record of an unknown message type (e.g. <c>{"type":42}</c>) closes the
/// connection instead of stalling it: SignalR's JSON protocol consumes such a record and reports "no message", after
/// which the connection neither answers nor closes. Throwing <see cref="InvalidDataException"/> makes SignalR close
/// that connection (and only that one) with an error, as it does for any other malformed frame.
/// </summary>
internal sealed class StrictHubProtocol(IHubProtocol inner) : IHubProtocol
{
    public string Name => inner.Name;
    public int Version => inner.Version;
    public TransferFormat TransferFormat => inner.TransferFormat;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        var length = input.Length;
        if (inner.TryParseMessage(ref input, binder, out message)) return true;
        if (input.Length != length) throw new InvalidDataException("A hub message of an unknown type was received.");
        return false;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
