using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace LiveViews.Sessions;

/// <summary>Applies a view type's <see cref="AuthorizeAttribute"/>s (and <see cref="AllowAnonymousAttribute"/>) to a user, as the page endpoint does, so a hub mount is checked again.</summary>
internal sealed class ViewAuthorizer(IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
{
    public async Task<bool> IsAuthorizedAsync(Type viewType, ClaimsPrincipal user)
    {
        if (viewType.IsDefined(typeof(AllowAnonymousAttribute), inherit: true)) return true;
        var authorizeData = viewType.GetCustomAttributes<AuthorizeAttribute>(inherit: true).ToArray();
        if (authorizeData.Length == 0) return true;
        var policy = await AuthorizationPolicy.CombineAsync(policies, authorizeData);
        return policy is null || (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
