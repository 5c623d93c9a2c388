using System.Security.Claims;

namespace LiveViews;

/// <summary>What a <see cref="LiveComponent"/> gets when it mounts.</summary>
/// <param name="Id">The id its parent rendered it with.</param>
/// <param name="IsConnected">False for the page's static render, true when mounted on a live connection.</param>
/// <param name="User">The authenticated user of the request or connection.</param>
/// <param name="Services">Services of the view's scope.</param>
public sealed record ComponentMountContext(string Id, bool IsConnected, ClaimsPrincipal User, IServiceProvider Services);
