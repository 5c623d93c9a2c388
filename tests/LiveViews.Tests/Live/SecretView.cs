using Microsoft.AspNetCore.Authorization;

namespace LiveViews.Tests.Live;

/// <summary>A view only users with the "admin" role may see.</summary>
[Authorize(Roles = "admin")]
public sealed class SecretView : LiveView
{
    public string Secret => "the launch codes";
}
