namespace LiveViews.Navigation;

/// <summary>Marks an endpoint as the page of a live view (added by <c>MapLiveView</c>), so the route table finds it.</summary>
internal sealed record LiveRouteMetadata(Type ViewType);
