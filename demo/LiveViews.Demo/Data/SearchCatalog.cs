namespace LiveViews.Demo.Data;

/// <summary>A searchable item.</summary>
public sealed record CatalogItem(int Id, string Name);

/// <summary>1,200 generated, deterministic items (every adjective × noun pair, numbered) for the search demo.</summary>
public sealed class SearchCatalog
{
    private static readonly string[] Adjectives =
    [
        "Amber", "Brave", "Calm", "Dusty", "Eager", "Fuzzy", "Gentle", "Hollow", "Icy", "Jolly",
        "Keen", "Lucky", "Misty", "Noble", "Olive", "Proud", "Quiet", "Rapid", "Silver", "Tidy",
        "Umber", "Vivid", "Witty", "Young", "Zesty", "Bold", "Crimson", "Dapper", "Golden", "Lunar",
    ];

    private static readonly string[] Nouns =
    [
        "Badger", "Comet", "Falcon", "Harbor", "Lantern", "Maple", "Otter", "Pebble", "Quartz", "Raven",
        "Saddle", "Thistle", "Violet", "Willow", "Anchor", "Beacon", "Canyon", "Ember", "Fjord", "Glacier",
        "Heron", "Island", "Juniper", "Kettle", "Meadow", "Nectar", "Orchard", "Prairie", "Summit", "Walrus",
        "Cobalt", "Dune", "Fern", "Grove", "Lotus", "Marble", "Nimbus", "Pine", "River", "Tundra",
    ];

    /// <summary>All items, ordered by id.</summary>
    public IReadOnlyList<CatalogItem> Items { get; } = Generate();

    /// <summary>Items whose name contains <paramref name="query"/> (case-insensitive); all items for an empty query.</summary>
    public IReadOnlyList<CatalogItem> Search(string? query)
    {
        query = query?.Trim();
        if (string.IsNullOrEmpty(query)) return Items;
        return Items.Where(i => i.Name.Contains(query, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private static List<CatalogItem> Generate()
    {
        var items = new List<CatalogItem>(Adjectives.Length * Nouns.Length);
        foreach (var noun in Nouns)
            foreach (var adjective in Adjectives)
                items.Add(new CatalogItem(items.Count + 1, $"{adjective} {noun} {items.Count + 1:0000}"));
        return items;
    }
}
