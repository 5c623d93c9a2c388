using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace LiveViews.Sessions;

/// <summary>Applies a view type's <see cref="AuthorizeAttribute"/>s (and <see cref="AllowAnonymousAttribute"/>) to a user, as the page endpoint does, so a hub mount is checked again.</summary>
internal sealed class ViewAuthorizer(IAuthorizationPolicyProvider policies, IAuthorizationService authorization)
{
    /// <summary>
    /// Applies an endpoint's authorization metadata as the authorization middleware does for a request to it:
    /// <see cref="IAllowAnonymous"/> allows; else its <see cref="IAuthorizeData"/> and <see cref="AuthorizationPolicy"/>
    /// metadata combined, or the fallback policy when it has none. For a live navigation or join at a page's URL.
    /// </summary>
    public async Task<bool> IsAuthorizedAsync(EndpointMetadataCollection metadata, ClaimsPrincipal user)
    {
        if (metadata.GetMetadata<IAllowAnonymous>() is not null) return true;
        var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
        var endpointPolicies = metadata.GetOrderedMetadata<AuthorizationPolicy>();
        var policy = authorizeData.Count == 0 && endpointPolicies.Count == 0
            ? await policies.GetFallbackPolicyAsync()
            : await AuthorizationPolicy.CombineAsync(policies, authorizeData, endpointPolicies);
        return policy is null || (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    public async Task<bool> IsAuthorizedAsync(Type viewType, ClaimsPrincipal user)
    {
        if (viewType.IsDefined(typeof(AllowAnonymousAttribute), inherit: true)) return true;
        var authorizeData = viewType.GetCustomAttributes<AuthorizeAttribute>(inherit: true).ToArray();
        if (authorizeData.Length == 0) return true;
        var policy = await AuthorizationPolicy.CombineAsync(policies, authorizeData);
        return policy is null || (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }
}
