using Microsoft.AspNetCore.Html;

namespace LiveViews.Hosting;

/// <summary>The static render of a live view for a page request.</summary>
/// <param name="Html">The root element (and, once per request, the client's assets); null when the view asked to navigate.</param>
/// <param name="Title">The view's <see cref="LiveView.PageTitle"/>.</param>
/// <param name="RedirectTo">Where to redirect instead of rendering (the view patched, navigated or redirected during its first render), or null.</param>
/// <param name="Flash">A flash the view put, for this page or, with <paramref name="RedirectTo"/>, the next one.</param>
internal sealed record PageRender(IHtmlContent? Html, string Title, string? RedirectTo, LiveFlash? Flash);
