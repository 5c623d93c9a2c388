namespace LiveViews.Navigation;

/// <summary>
/// What a view asked for during one piece of work (a handler, a mount, <c>HandleParamsAsync</c>, a pub/sub message),
/// besides changing its state: a flash and a navigation. Collected on the view and taken by whoever runs the work
/// (the page render, the session), which turns them into a redirect, a reply's effects or a navigation result.
/// </summary>
internal sealed class ViewEffects
{
    public LiveFlash? Flash { get; set; }
    public NavigationIntent? Navigation { get; set; }

    /// <summary>What two consecutive pieces of work asked for together: the later flash and navigation win.</summary>
    public static ViewEffects? Then(ViewEffects? first, ViewEffects? second) =>
        second is null ? first : new ViewEffects { Flash = second.Flash ?? first?.Flash, Navigation = second.Navigation ?? first?.Navigation };
}
