using Microsoft.Extensions.DependencyInjection;

namespace LiveViews.Hosting;

/// <summary>
/// The one lifecycle path of the static render (<see cref="LiveViewRenderer"/>) and the connected mount
/// (<see cref="Sessions.ViewSession"/>): create the view through dependency injection, mount it, and dispose it.
/// </summary>
internal static class ViewMounter
{
    /// <summary>
    /// Creates <paramref name="viewType"/> from <see cref="MountContext.Services"/>, calls <paramref name="attach"/> (so
    /// <c>Subscribe</c> works during mount) and <see cref="LiveView.MountAsync"/>. Throws what the constructor or mount
    /// throws, after disposing the view.
    /// </summary>
    public static async Task<LiveView> MountAsync(Type viewType, MountContext context, Action<LiveView>? attach = null)
    {
        var view = (LiveView)ActivatorUtilities.CreateInstance(context.Services, viewType);
        try
        {
            attach?.Invoke(view);
            await view.MountAsync(context);
            return view;
        }
        catch
        {
            await DisposeAsync(view);
            throw;
        }
    }

    /// <summary>Disposes a view that implements <see cref="IAsyncDisposable"/> or <see cref="IDisposable"/>.</summary>
    public static ValueTask DisposeAsync(LiveView view)
    {
        switch (view)
        {
            case IAsyncDisposable asyncDisposable: return asyncDisposable.DisposeAsync();
            case IDisposable disposable: disposable.Dispose(); break;
        }
        return ValueTask.CompletedTask;
    }
}
