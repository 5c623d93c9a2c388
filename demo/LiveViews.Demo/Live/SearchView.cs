using LiveViews.Demo.Data;

namespace LiveViews.Demo.Live;

/// <summary>
/// Filters 1,200 items as you type; the input is debounced, so a burst of keystrokes is one server event. The query
/// lives in the URL (<c>/search?q=amber</c>): typing replaces it (no history entry per keystroke), a reload keeps it.
/// </summary>
public sealed class SearchView(SearchCatalog catalog) : DemoView
{
    public string Query { get; private set; } = "";
    public IReadOnlyList<CatalogItem> Results { get; private set; } = [];
    public int Total => catalog.Items.Count;
    public string TotalText => Total.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How many search events this view has received from the client.</summary>
    public int EventsReceived { get; private set; }

    public override string PageTitle => "Search";

    protected override Task OnParamsAsync(LiveParams parameters)
    {
        Query = parameters.Get("q", "");
        Results = catalog.Search(Query);
        return Task.CompletedTask;
    }

    [LiveEvent, Debounce(300)]
    public void Search(string? value)
    {
        EventsReceived++;
        ReplacePatch(Location.With("q", value?.Trim())); // HandleParamsAsync runs the search with the new URL
    }
}
