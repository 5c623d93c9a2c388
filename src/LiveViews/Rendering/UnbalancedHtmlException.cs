namespace LiveViews;

/// <summary>
/// A template's HTML would not parse in the page as the framework parses it: a live segment that does not end where it
/// started (its end marker swallowed by an unclosed <c>&lt;script&gt;</c>, comment or tag, an element left open, a
/// stray end tag), or a view render that swallows or breaks out of the page around it.
/// </summary>
public sealed class UnbalancedHtmlException(string message) : InvalidOperationException(message);
