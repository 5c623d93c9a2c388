using Microsoft.AspNetCore.Routing;

namespace LiveViews.Navigation;

/// <summary>
/// A route mapped with <c>MapLiveView</c>: its endpoint (pattern and authorization metadata), its view type and its live
/// session. Two routes navigate live between each other only when their <see cref="Session"/> is the same.
/// </summary>
internal sealed record LiveRoute(RouteEndpoint Endpoint, Type ViewType, string Session, string? Layout);

/// <summary>A URL resolved to a <see cref="LiveRoute"/>: the local URL (path and query) and the route values its pattern matched.</summary>
internal sealed record LiveRouteMatch(LiveRoute Route, string Url, IReadOnlyDictionary<string, string> RouteValues)
{
    /// <summary>What <see cref="LiveView.HandleParamsAsync"/> gets for this URL.</summary>
    public LiveParams Params() => new(Url, RouteValues);

    /// <summary>Mount parameters of a view mounted at this URL, as the page endpoint builds them: query values, then route values over them.</summary>
    public Dictionary<string, string> MountParameters()
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var query = Params().Query;
        foreach (var (key, value) in query) parameters[key] = value.ToString();
        foreach (var (key, value) in RouteValues) parameters[key] = value;
        return parameters;
    }
}
