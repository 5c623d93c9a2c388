using Microsoft.AspNetCore.Authorization;

namespace LiveViews.Tests.Live;

/// <summary>A second routed view, the target of live navigations in tests.</summary>
public sealed class OtherView : LiveView
{
    public string Note { get; private set; } = "";
    public int Clicks { get; private set; }

    public override string PageTitle => "The other view";

    public override Task HandleParamsAsync(LiveParams parameters)
    {
        Note = parameters.Get("note", "none");
        return Task.CompletedTask;
    }

    [LiveEvent] public void Click() => Clicks++;
}

/// <summary>A routed view only admins may see.</summary>
[Authorize(Roles = "admin")]
public sealed class GuardedView : LiveView
{
    public override string PageTitle => "Guarded";
}
