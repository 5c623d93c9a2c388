using System.Reflection;
using System.Text.Json.Serialization;

namespace LiveViews.Handlers;

/// <summary>One declared handler of a view type: its method, how it is invoked and its client-side behaviour.</summary>
internal sealed class HandlerDescriptor
{
    public HandlerDescriptor(string name, MethodInfo method)
    {
        Name = name;
        Method = method;
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
        ReturnsTask = typeof(Task).IsAssignableFrom(method.ReturnType) || method.ReturnType == typeof(ValueTask);
    }

    public string Name { get; }
    public MethodInfo Method { get; }
    public MethodInvoker Invoker { get; }
    public ParameterInfo[] Parameters { get; }
    public bool Optimistic { get; }
    public int DebounceMs { get; }
    public int DebounceMaxWaitMs { get; }
    public int ThrottleMs { get; }
    public bool ReturnsTask { get; }

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

/// <summary>Handler metadata as sent in the join reply: <c>{"o":1,"d":300,"w":0,"t":100}</c> with zero fields omitted.</summary>
internal sealed record HandlerMeta(
    [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Optimistic,
    [property: JsonPropertyName("d"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Debounce,
    [property: JsonPropertyName("w"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int MaxWait,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Throttle);
