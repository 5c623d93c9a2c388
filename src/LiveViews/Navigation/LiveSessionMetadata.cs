namespace LiveViews;

/// <summary>
/// Endpoint metadata that puts live routes into a named live session (see <c>WithLiveSession</c>). Only routes of the
/// same live session navigate live (over the same connection, the layout staying); between sessions the page loads.
/// Routes without it form one session per layout (<c>LiveViewOptions.Layout</c>).
/// </summary>
/// <param name="Name">The session's name.</param>
/// <param name="Layout">The Razor layout of the session's pages; null uses <c>LiveViewOptions.Layout</c>.</param>
public sealed record LiveSessionMetadata(string Name, string? Layout = null);
