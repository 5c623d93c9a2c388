using Microsoft.AspNetCore.Components.Server.Circuits;

namespace LiveViews.BlazorTwin;

/// <summary>Counts open circuits, so the memory run can wait until closed pages' circuits are really gone.</summary>
public sealed class CircuitCounter : CircuitHandler
{
    private int _open;

    /// <summary>Circuits opened and not yet closed.</summary>
    public int Open => Volatile.Read(ref _open);

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _open);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Interlocked.Decrement(ref _open);
        return Task.CompletedTask;
    }
}
