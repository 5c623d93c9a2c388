namespace LiveViews.Handlers;

/// <summary>The event's arguments cannot be bound to the handler's parameters; reported to the client, the view is unchanged.</summary>
public sealed class HandlerBindingException(string message, Exception? inner = null) : Exception(message, inner);
