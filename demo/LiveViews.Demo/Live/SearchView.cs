using LiveViews.Demo.Data;

namespace LiveViews.Demo.Live;

/// <summary>Filters 1,200 items as you type; the input is debounced, so a burst of keystrokes is one server event.</summary>
public sealed class SearchView(SearchCatalog catalog) : DemoView
{
    public string Query { get; private set; } = "";
    public IReadOnlyList<CatalogItem> Results { get; private set; } = [];
    public int Total => catalog.Items.Count;
    public string TotalText => Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many search events this view has received from the client.</summary>
    public int EventsReceived { get; private set; }

    public override string PageTitle => "Search";

    protected override Task OnMountAsync(MountContext context)
    {
        Query = context.Params.TryGetValue("q", out var q) ? q : "";
        Results = catalog.Search(Query);
        return Task.CompletedTask;
    }

    [LiveEvent, Debounce(300)]
    public void Search(string? value)
    {
        EventsReceived++;
        Query = value ?? "";
        Results = catalog.Search(Query);
    }
}
