using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using LiveViews.Hosting;

namespace LiveViews.Navigation;

/// <summary>
/// Resolves a URL to the live route that serves it, for live navigation and for checking the URL a join carries. Built
/// from the application's endpoints (so routes in groups, with constraints or with conventions are seen as mapped) and
/// rebuilt when they change. A URL resolves to a live route only when that route is the one routing would choose among
/// every GET endpoint (a more specific Razor Page or controller wins), judged by endpoint order, then route precedence.
/// </summary>
internal sealed class LiveRouteTable
{
    private readonly EndpointDataSource _endpoints;
    private readonly ParameterPolicyFactory _policies;
    private readonly LiveViewOptions _options;
    private Candidate[]? _candidates;

    public LiveRouteTable(EndpointDataSource endpoints, ParameterPolicyFactory policies, IOptions<LiveViewOptions> options)
    {
        _endpoints = endpoints;
        _policies = policies;
        _options = options.Value;
        ChangeToken.OnChange(endpoints.GetChangeToken, () => Volatile.Write(ref _candidates, null));
    }

    /// <summary>The live route of <paramref name="url"/> (a local URL, path and query), or null when a non-live endpoint or nothing serves it.</summary>
    public LiveRouteMatch? Match(string url)
    {
        var (path, _) = LocalUrl.Split(url);
        var pathString = PathString.FromUriComponent(path.Length == 0 ? "/" : path);
        foreach (var candidate in Candidates())
        {
            var values = new RouteValueDictionary();
            if (!candidate.Matcher.TryMatch(pathString, values) || !candidate.Accepts(values, _policies)) continue;
            if (candidate.Live is null) return null;
            var routeValues = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, value) in values)
                if (value is not null) routeValues[key] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
            return new LiveRouteMatch(candidate.Live, url, routeValues);
        }
        return null;
    }

    /// <summary>The live route of an endpoint, as the page endpoint sees itself (null when it is not a live view page).</summary>
    public LiveRoute? RouteOf(Endpoint? endpoint) =>
        endpoint is RouteEndpoint route && route.Metadata.GetMetadata<LiveRouteMetadata>() is { } live ? ToLiveRoute(route, live) : null;

    private Candidate[] Candidates()
    {
        var candidates = Volatile.Read(ref _candidates);
        if (candidates is not null) return candidates;
        candidates = _endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not { } methods
                        || methods.HttpMethods.Count == 0 || methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase))
            .Select(e => new Candidate(e, e.Metadata.GetMetadata<LiveRouteMetadata>() is { } live ? ToLiveRoute(e, live) : null))
            .OrderBy(c => c.Endpoint.Order)
            .ThenBy(c => c.Precedence)
            .ToArray();
        Volatile.Write(ref _candidates, candidates);
        return candidates;
    }

    private LiveRoute ToLiveRoute(RouteEndpoint endpoint, LiveRouteMetadata live)
    {
        var session = endpoint.Metadata.GetMetadata<LiveSessionMetadata>();
        var layout = session?.Layout ?? _options.Layout;
        return new LiveRoute(endpoint, live.ViewType, session?.Name ?? "layout:" + layout, layout);
    }

    private sealed class Candidate
    {
        public Candidate(RouteEndpoint endpoint, LiveRoute? live)
        {
            Endpoint = endpoint;
            Live = live;
            var template = new RouteTemplate(endpoint.RoutePattern);
            Matcher = new TemplateMatcher(template, new RouteValueDictionary(endpoint.RoutePattern.Defaults));
            Precedence = RoutePrecedence.ComputeInbound(template);
        }

        public RouteEndpoint Endpoint { get; }
        public LiveRoute? Live { get; }
        public TemplateMatcher Matcher { get; }
        public decimal Precedence { get; }

        /// <summary>The pattern's constraints accept the values, and conventional routes' required values (controller, action) are met.</summary>
        public bool Accepts(RouteValueDictionary values, ParameterPolicyFactory policies)
        {
            var pattern = Endpoint.RoutePattern;
            foreach (var (key, required) in pattern.RequiredValues)
            {
                if (required is null || ReferenceEquals(required, RoutePattern.RequiredValueAny)) continue;
                if (!string.Equals(Convert.ToString(values[key], CultureInfo.InvariantCulture), Convert.ToString(required, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase))
                    return false;
            }
            foreach (var (name, references) in pattern.ParameterPolicies)
            {
                var parameter = pattern.GetParameter(name);
                foreach (var reference in references)
                {
                    var policy = reference.ParameterPolicy ?? (parameter is null ? null : policies.Create(parameter, reference.Content!));
                    if (policy is IRouteConstraint constraint && !constraint.Match(null, null, name, values, RouteDirection.IncomingRequest))
                        return false;
                }
            }
            return true;
        }
    }
}
