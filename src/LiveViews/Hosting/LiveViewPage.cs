using Microsoft.AspNetCore.Html;

namespace LiveViews.Hosting;

/// <summary>Model of the page host view that wraps a routed live view in the app's layout.</summary>
/// <param name="Title">Page title (the view's <see cref="LiveView.PageTitle"/>).</param>
/// <param name="Layout">Layout path, or null for a minimal HTML document.</param>
/// <param name="Body">The rendered root element with its assets.</param>
public sealed record LiveViewPage(string Title, string? Layout, IHtmlContent Body);
