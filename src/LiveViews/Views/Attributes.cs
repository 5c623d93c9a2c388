namespace LiveViews;

/// <summary>Declares a public method of a <see cref="LiveView"/> as an event handler. Only such methods can be invoked by a client.</summary>
/// <remarks>Parameters bind by name (case-insensitive) from the event's arguments, with type conversion (numbers, bool, string, enums, Guid, dates, records/classes from a form).</remarks>
[AttributeUsage(AttributeTargets.Method, Inherited = true)]
public sealed class LiveEventAttribute : Attribute
{
    /// <summary>The name templates use (<c>lv-click="Name"</c>); defaults to the method name.</summary>
    public string? Name { get; init; }
}

/// <summary>The client applies a predicted DOM change at once, before the server answers; it is reverted if the handler fails.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OptimisticAttribute : Attribute;

/// <summary>The client sends the event only after the user has been quiet for <see cref="Milliseconds"/> (trailing edge).</summary>
/// <remarks>Cannot be combined with <see cref="ThrottleAttribute"/> on one handler (startup error).</remarks>
[AttributeUsage(AttributeTargets.Method)]
public sealed class DebounceAttribute(int milliseconds) : Attribute
{
    /// <summary>Quiet period in ms (1 to 60,000).</summary>
    public int Milliseconds { get; } = milliseconds;
    /// <summary>Longest a burst may delay the send, in ms; 0 means no limit.</summary>
    public int MaxWaitMilliseconds { get; init; }
}

/// <summary>
/// The client sends at most one event per <see cref="Milliseconds"/> (leading and trailing edges, so the last value
/// always arrives). The server enforces it too: events that arrive sooner are coalesced, only the latest runs, at the end
/// of the window, and the superseded refs are acknowledged as processed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ThrottleAttribute(int milliseconds) : Attribute
{
    /// <summary>Minimum interval between runs, in ms (1 to 60,000).</summary>
    public int Milliseconds { get; } = milliseconds;
}

/// <summary>Overrides the Razor template path of a view, e.g. <c>[LiveTemplate("/Views/Live/Counter.cshtml")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LiveTemplateAttribute(string path) : Attribute
{
    /// <summary>Application-relative path of the .cshtml file.</summary>
    public string Path { get; } = path;
}
