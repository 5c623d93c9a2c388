using System.Reflection;
using LiveViews.Protocol;

namespace LiveViews.Handlers;

/// <summary>One declared handler of a view type: its method, how it is invoked and its client-side behaviour.</summary>
internal sealed class HandlerDescriptor
{
    public HandlerDescriptor(string name, MethodInfo method)
    {
        Name = name;
        Invoker = MethodInvoker.Create(method);
        Parameters = method.GetParameters();
        Optimistic = method.IsDefined(typeof(OptimisticAttribute));
        var debounce = method.GetCustomAttribute<DebounceAttribute>();
        var throttle = method.GetCustomAttribute<ThrottleAttribute>();
        if (debounce is not null && throttle is not null)
            throw new InvalidOperationException(
                $"Handler '{method.DeclaringType!.Name}.{method.Name}' has both [Debounce] and [Throttle]; use one of them.");
        if (debounce is not null) CheckInterval(method, "Debounce", debounce.Milliseconds);
        if (throttle is not null) CheckInterval(method, "Throttle", throttle.Milliseconds);
        DebounceMs = debounce?.Milliseconds ?? 0;
        DebounceMaxWaitMs = debounce?.MaxWaitMilliseconds ?? 0;
        ThrottleMs = throttle?.Milliseconds ?? 0;
    }

    public string Name { get; }
    public MethodInvoker Invoker { get; }
    public ParameterInfo[] Parameters { get; }
    public bool Optimistic { get; }
    public int DebounceMs { get; }
    public int DebounceMaxWaitMs { get; }
    public int ThrottleMs { get; }

    /// <summary>What the client needs to know (protocol <c>HandlerMeta</c>), or null when it is a plain handler.</summary>
    public HandlerMeta? ClientMeta =>
        Optimistic || DebounceMs > 0 || ThrottleMs > 0
            ? new HandlerMeta(Optimistic ? 1 : 0, DebounceMs, DebounceMaxWaitMs, ThrottleMs)
            : null;

    private static void CheckInterval(MethodInfo method, string kind, int ms)
    {
        if (ms is < 1 or > 60_000)
            throw new InvalidOperationException(
                $"[{kind}({ms})] on '{method.DeclaringType!.Name}.{method.Name}' must be between 1 and 60000 ms.");
    }
}
