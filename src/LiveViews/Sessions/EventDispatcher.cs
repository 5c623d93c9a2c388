using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using LiveViews.Handlers;

namespace LiveViews.Sessions;

/// <summary>What running one event's handler came to.</summary>
/// <param name="Ran">The handler was invoked, so the view re-renders (even after an error: it may have changed state before throwing).</param>
/// <param name="Error">The message for the client, or null.</param>
/// <param name="Crashed">The handler threw something other than <see cref="LiveViewException"/> (a bug, not a rejection).</param>
internal readonly record struct HandlerOutcome(bool Ran, string? Error, bool Crashed = false);

/// <summary>
/// Runs client events against one view or one of its live components (<paramref name="target"/>): looks the handler up
/// in the target's allow-list, keeps the server-side throttle gates, binds the arguments, calls the view's
/// <see cref="LiveView.BeforeEventAsync"/> and the handler, and turns every failure into a message for the client
/// (logged with the target's and the handler's names). Runs inside the view's mailbox.
/// </summary>
internal sealed class EventDispatcher(object target, LiveView view, string viewId, ILogger logger, bool detailedErrors, string? componentId = null)
{
    private readonly HandlerCatalog _catalog = HandlerCatalog.For(target.GetType());
    private readonly Dictionary<string, ThrottleGate> _throttles = new(StringComparer.Ordinal);
    private readonly string _viewName = componentId is null ? target.GetType().Name : $"{view.GetType().Name}/{target.GetType().Name} ({componentId})";

    /// <summary>Finds a declared handler; logs and returns false for any other name.</summary>
    public bool TryResolve(string name, out HandlerDescriptor handler)
    {
        if (_catalog.TryGet(name, out handler)) return true;
        logger.LogWarning("View {View} ({Id}): unknown handler {Handler}", _viewName, viewId, name);
        return false;
    }

    /// <summary>The throttle gate of a <see cref="ThrottleAttribute"/> handler (created on first use), or null.</summary>
    public ThrottleGate? GateOf(HandlerDescriptor handler)
    {
        if (handler.ThrottleMs == 0) return null;
        if (!_throttles.TryGetValue(handler.Name, out var gate)) _throttles[handler.Name] = gate = new ThrottleGate(handler);
        return gate;
    }

    /// <summary>The gate of handler <paramref name="name"/> if it has one.</summary>
    public bool TryGetGate(string name, out ThrottleGate gate) => _throttles.TryGetValue(name, out gate!);

    /// <summary>Binds and runs the handler of <paramref name="work"/>. Never throws: failures become <see cref="HandlerOutcome.Error"/>.</summary>
    public async Task<HandlerOutcome> InvokeAsync(HandlerDescriptor handler, EventWork work, CancellationToken cancellation)
    {
        object?[] args;
        try
        {
            args = ArgumentBinder.Bind(handler, work.Args, cancellation);
        }
        catch (HandlerBindingException ex)
        {
            logger.LogWarning("View {View} ({Id}): bad arguments for {Handler}: {Message}", _viewName, viewId, handler.Name, ex.Message);
            return new HandlerOutcome(false, ex.Message);
        }
        try
        {
            await view.BeforeEventAsync(new LiveEventContext(handler.Name, work.Ref, componentId));
            await InvokeHandlerAsync(handler, args);
            return new HandlerOutcome(true, null);
        }
        catch (LiveViewException ex)
        {
            logger.LogInformation("View {View} ({Id}): handler {Handler} rejected the event: {Message}", _viewName, viewId, handler.Name, ex.Message);
            return new HandlerOutcome(true, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "View {View} ({Id}): handler {Handler} threw", _viewName, viewId, handler.Name);
            return new HandlerOutcome(true, ClientMessage(ex, $"The server failed to handle '{handler.Name}'."), Crashed: true);
        }
    }

    /// <summary>The exception's message with <c>DetailedErrors</c>, else <paramref name="generic"/>.</summary>
    public string ClientMessage(Exception ex, string generic) => detailedErrors ? ex.Message : generic;

    private async Task InvokeHandlerAsync(HandlerDescriptor handler, object?[] args)
    {
        object? result;
        try
        {
            result = handler.Invoker.Invoke(target, new Span<object?>(args));
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
        switch (result)
        {
            case Task task: await task; break;
            case ValueTask valueTask: await valueTask; break;
        }
    }
}
