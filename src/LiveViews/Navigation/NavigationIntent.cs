namespace LiveViews.Navigation;

/// <summary>How a view asked to leave its current URL.</summary>
internal enum NavigationKind
{
    /// <summary><c>PushPatch</c>/<c>ReplacePatch</c>: same view, new URL, <c>HandleParamsAsync</c> runs.</summary>
    Patch,
    /// <summary><c>Navigate</c>: the next live view mounts over the same connection (or the page loads).</summary>
    Navigate,
    /// <summary><c>Redirect</c>: a full page load.</summary>
    Redirect,
}

/// <summary>A navigation a view asked for during one piece of work; the last one asked for wins.</summary>
/// <param name="Kind">Patch, navigate or redirect.</param>
/// <param name="Url">As the view gave it (checked to be local, or http(s) for a redirect); resolved against the view's URL when applied.</param>
/// <param name="Replace">Replace the current history entry instead of adding one.</param>
internal sealed record NavigationIntent(NavigationKind Kind, string Url, bool Replace);
