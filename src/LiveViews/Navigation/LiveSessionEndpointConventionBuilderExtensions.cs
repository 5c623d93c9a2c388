using LiveViews;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Groups live routes into live sessions.</summary>
public static class LiveSessionEndpointConventionBuilderExtensions
{
    /// <summary>
    /// Puts the live routes of <paramref name="builder"/> (one <c>MapLiveView</c>, or a whole <c>MapGroup</c>) into the live
    /// session <paramref name="name"/>, optionally with its own <paramref name="layout"/>: live navigation stays within a
    /// session (the layout is the same, so only the view changes); a link to a route of another session loads the page.
    /// Without it, every live route with the same layout is one session.
    /// <code>
    /// var admin = app.MapGroup("/admin").WithLiveSession("admin", layout: "/Views/Shared/_Admin.cshtml").RequireAuthorization("admin");
    /// admin.MapLiveView&lt;UsersView&gt;("/users");
    /// </code>
    /// </summary>
    public static TBuilder WithLiveSession<TBuilder>(this TBuilder builder, string name, string? layout = null) where TBuilder : IEndpointConventionBuilder
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.WithMetadata(new LiveSessionMetadata(name, layout));
        return builder;
    }
}
