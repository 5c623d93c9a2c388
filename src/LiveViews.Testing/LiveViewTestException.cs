namespace LiveViews.Testing;

/// <summary>
/// A test action that a person could not have done, or that would do nothing: a selector that matches no element or
/// several, an element without the binding the action needs (no <c>lv-click</c>…), a disabled control, a field the form
/// does not have, a page that failed to load or join. The message names the selector and what was found.
/// </summary>
public sealed class LiveViewTestException(string message, Exception? inner = null) : Exception(message, inner);
