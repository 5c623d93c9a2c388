namespace LiveViews.Tests.Navigation;

/// <summary>Typed reading of a URL's route values and query string (<see cref="LiveParams"/>).</summary>
public sealed class LiveParamsTests
{
    private enum Filter { All, Active, Done }

    private static LiveParams P(string url, params (string Key, string Value)[] route) =>
        new(url, route.ToDictionary(r => r.Key, r => r.Value));

    [Fact]
    public void Path_query_and_url_are_split_and_the_fragment_is_dropped()
    {
        var p = P("/todos?filter=done&x=1#top");
        Assert.Equal("/todos", p.Path);
        Assert.Equal("?filter=done&x=1", p.QueryString);
        Assert.Equal("/todos?filter=done&x=1", p.Url);
        Assert.Equal("done", p.Query["filter"]);
        Assert.Equal("", P("/todos").QueryString);
    }

    [Fact]
    public void Values_convert_to_the_asked_type_with_the_invariant_culture()
    {
        var p = P("/items/7?n=12&price=3.5&on=on&off=0&when=2024-02-29&id=0f8fad5b-d9cb-469f-a165-70867728950e&f=DONE&q=a%20b", ("item", "7"));
        Assert.Equal(7, p.Get<int>("item"));
        Assert.Equal(12L, p.Get<long>("n"));
        Assert.Equal(3.5m, p.Get<decimal>("price"));
        Assert.True(p.Get<bool>("on"));
        Assert.False(p.Get<bool>("off"));
        Assert.Equal(new DateOnly(2024, 2, 29), p.Get<DateOnly>("when"));
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), p.Get<Guid>("id"));
        Assert.Equal(Filter.Done, p.Get<Filter>("f")); // enum names, case-insensitive
        Assert.Equal("a b", p.Get<string>("q"));
        Assert.Equal("a b", p["Q"]); // names are case-insensitive
    }

    [Fact]
    public void A_route_value_wins_over_a_query_value_of_the_same_name()
    {
        var p = P("/items/7?id=99", ("id", "7"));
        Assert.Equal(7, p.Get<int>("id"));
        Assert.Equal("7", p.RouteValues["ID"]);
    }

    [Fact]
    public void A_required_value_that_is_missing_or_invalid_throws_naming_the_parameter()
    {
        var p = P("/items?n=many&f=7&g=Done,All");
        var missing = Assert.Throws<LiveParamException>(() => p.Get<int>("page"));
        Assert.Equal("page", missing.ParameterName);
        Assert.Equal("The URL needs a 'page' parameter.", missing.Message);
        Assert.Equal("The URL parameter 'n' is not a valid Int32.", Assert.Throws<LiveParamException>(() => p.Get<int>("n")).Message);
        // Enum numbers and combinations are not names: refused.
        Assert.Contains("Filter (All, Active, Done)", Assert.Throws<LiveParamException>(() => p.Get<Filter>("f")).Message);
        Assert.Throws<LiveParamException>(() => p.Get<Filter>("g"));
        Assert.IsAssignableFrom<LiveViewException>(missing); // its message reaches the user
    }

    [Fact]
    public void The_fallback_getter_and_TryGet_never_throw()
    {
        var p = P("/items?n=many&empty=&f=active");
        Assert.Equal(1, p.Get("n", 1));
        Assert.Equal(1, p.Get("page", 1));
        Assert.Equal(5, p.Get("empty", 5));
        Assert.Equal(Filter.Active, p.Get("f", Filter.All));
        Assert.False(p.TryGet<int>("n", out _));
        Assert.True(p.TryGet<Filter>("f", out var f) && f == Filter.Active);
        Assert.Null(p.Get<int?>("empty")); // a nullable type reads an empty value as null
        Assert.Equal("", p.Get<string>("empty"));
    }

    [Fact]
    public void GetAll_reads_repeated_query_values_skipping_invalid_ones()
    {
        var p = P("/x?tag=1&tag=two&tag=3&tag=");
        Assert.Equal([1, 3], p.GetAll<int>("tag"));
        Assert.Equal(["1", "two", "3"], p.GetAll<string>("tag"));
        Assert.Empty(p.GetAll<int>("none"));
    }

    [Fact]
    public void With_sets_or_removes_one_query_value_and_keeps_the_others_in_order()
    {
        var p = P("/todos?delay=800&filter=all&x=a%26b");
        Assert.Equal("/todos?delay=800&filter=done&x=a%26b", p.With("filter", "done"));
        Assert.Equal("/todos?delay=800&x=a%26b", p.With("FILTER", null));
        Assert.Equal("/todos?delay=800&filter=all&x=a%26b&q=amber%20fal", p.With("q", "amber fal"));
        Assert.Equal("/search", P("/search?q=x").With("q", ""));
    }
}
