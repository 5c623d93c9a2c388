using System.Security.Claims;

namespace LiveViews;

/// <summary>What a view gets when it mounts.</summary>
/// <param name="Params">Mount parameters: route values and query string of the page request (or the values passed when embedding). They travel inside the signed view token, so a client cannot change them.</param>
/// <param name="IsConnected">False for the first (static HTML) render, true when mounted on a live connection.</param>
/// <param name="User">The authenticated user of the request or connection.</param>
/// <param name="Services">Services of the view's scope.</param>
public sealed record MountContext(
    IReadOnlyDictionary<string, string> Params,
    bool IsConnected,
    ClaimsPrincipal User,
    IServiceProvider Services);

/// <summary>Describes the event about to be handled, for <see cref="LiveView.BeforeEventAsync"/>.</summary>
/// <param name="Handler">The handler's name as the client sent it.</param>
/// <param name="Ref">The client's event ref (0 for server-initiated work).</param>
/// <param name="Component">The id of the live component whose handler runs, or null for the view's own.</param>
public sealed record LiveEventContext(string Handler, long Ref, string? Component = null);
