using System.Text;
using LiveViews.Hosting;
using LiveViews.Persistence;

namespace LiveViews.Tests.Hosting;

/// <summary>What a view declares for persistence is checked when it is registered, and round-trips as JSON.</summary>
public sealed class PersistentStateDeclarationTests
{
    private sealed class GetterOnlyView : LiveView
    {
        [PersistentState] public int Count => 3;
    }

    private sealed class TwoValuesView : LiveView
    {
        [PersistentState] public int Count { get; private set; } = 1;
        [PersistentState] public List<string> Tags { get; set; } = ["a"];
        public int NotPersisted { get; set; } = 9;
    }

    [Fact]
    public void A_PersistentState_property_without_a_setter_fails_the_registration_naming_it()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => new LiveViewRegistry().Register(typeof(GetterOnlyView)));
        Assert.Contains("GetterOnlyView.Count", ex.Message);
        Assert.Contains("setter", ex.Message);
    }

    [Fact]
    public void Properties_round_trip_all_or_none()
    {
        var catalog = PersistentStateCatalog.For(typeof(TwoValuesView));
        var json = catalog.Capture(new TwoValuesView());
        Assert.Equal("""{"Count":1,"Tags":["a"]}""", Encoding.UTF8.GetString(json));

        var restored = new TwoValuesView { NotPersisted = 0 };
        catalog.Restore(restored, """{"Count":4,"Tags":["x","y"]}"""u8);
        Assert.Equal(4, restored.Count);
        Assert.Equal(["x", "y"], restored.Tags);
        Assert.Equal(0, restored.NotPersisted);

        var untouched = new TwoValuesView();
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => catalog.Restore(untouched, """{"Count":7,"Tags":"not a list"}"""u8));
        Assert.Equal(1, untouched.Count); // nothing assigned when one value does not fit
    }
}
