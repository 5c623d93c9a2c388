using LiveViews.Protocol;
using LiveViews.Handlers;

namespace LiveViews.Tests.Handlers;

public class HandlerCatalogTests
{
    private sealed class MixedView : LiveView
    {
        [LiveEvent] public void Declared() { }
        [LiveEvent(Name = "renamed")] public void Other() { }
        [LiveEvent, Optimistic, Debounce(300, MaxWaitMilliseconds = 1000)] public void Search(string value) { }
        [LiveEvent, Throttle(100)] public void Slide(int value) { }
        public void PublicButNotAHandler() { }
        [LiveEvent] internal void NotPublic() { }
    }

    private sealed class BothLimitsView : LiveView
    {
        [LiveEvent, Debounce(100), Throttle(100)] public void Conflicted() { }
    }

    private sealed class BadIntervalView : LiveView
    {
        [LiveEvent, Throttle(0)] public void Zero() { }
    }

    [Fact]
    public void Only_public_methods_marked_as_handlers_are_invocable()
    {
        var catalog = HandlerCatalog.For(typeof(MixedView));
        Assert.True(catalog.TryGet("Declared", out _));
        Assert.True(catalog.TryGet("renamed", out _));
        Assert.False(catalog.TryGet("Other", out _));
        Assert.False(catalog.TryGet("PublicButNotAHandler", out _));
        Assert.False(catalog.TryGet("NotPublic", out _));
        Assert.False(catalog.TryGet("MountAsync", out _));
        Assert.False(catalog.TryGet("ToString", out _));
        Assert.False(catalog.TryGet("declared", out _)); // names are exact
    }

    [Fact]
    public void Client_metadata_carries_optimistic_debounce_and_throttle()
    {
        var meta = HandlerCatalog.For(typeof(MixedView)).ClientMeta;
        Assert.Equal(new HandlerMeta(1, 300, 1000, 0), meta["Search"]);
        Assert.Equal(new HandlerMeta(0, 0, 0, 100), meta["Slide"]);
        Assert.False(meta.ContainsKey("Declared"));
    }

    [Fact]
    public void Debounce_with_throttle_is_a_startup_error_naming_the_handler()
    {
        var error = Assert.Throws<InvalidOperationException>(() => HandlerCatalog.For(typeof(BothLimitsView)));
        Assert.Contains("Conflicted", error.Message);
        Assert.Contains("both [Debounce] and [Throttle]", error.Message);
        Assert.Contains("between 1 and 60000", Assert.Throws<InvalidOperationException>(() => HandlerCatalog.For(typeof(BadIntervalView))).Message);
    }
}
