namespace LiveViews.Demo.Live;

/// <summary>A range input that is optimistic and throttled: it moves smoothly while the server gets at most ~10 events a second.</summary>
public sealed class SliderView : DemoView
{
    public int Volume { get; private set; } = 30;

    /// <summary>How many SetVolume events the server has run.</summary>
    public int EventsReceived { get; private set; }

    public override string PageTitle => "Slider";

    [LiveEvent, Optimistic, Throttle(100)]
    public void SetVolume(int value)
    {
        EventsReceived++;
        Volume = Math.Clamp(value, 0, 100);
    }
}
