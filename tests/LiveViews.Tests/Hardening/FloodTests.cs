using System.Diagnostics;
using LiveViews.Tests.Hub;
using Xunit.Abstractions;

namespace LiveViews.Tests.Hardening;

/// <summary>One connection flooding events must not starve another; the flooder is rate limited.</summary>
public sealed class FloodTests(LiveTestHost host, ITestOutputHelper output) : IClassFixture<LiveTestHost>
{
    [Fact]
    public async Task A_flooding_connection_is_rate_limited_and_does_not_starve_others()
    {
        var (victim, victimView) = await host.JoinAsync();
        await using var _ = victim;
        await MeasureRoundTripsAsync(victim, victimView, firstRef: 1, count: 30); // warm-up: JIT, pools
        var baseline = await MeasureRoundTripsAsync(victim, victimView, firstRef: 31, count: 50);

        var (flooder, floodView) = await host.JoinAsync();
        await using var __ = flooder;
        using var stop = new CancellationTokenSource();
        var floodSent = 0;
        var flood = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested) await flooder.SendAsync("e", floodView, ++floodSent, "Add", new { amount = 1 });
            }
            catch (Exception) { } // the server closed the flooding connection
        });
        await Task.Delay(300);
        var during = await MeasureRoundTripsAsync(victim, victimView, firstRef: 81, count: 50);
        // The flooder keeps going until the server closes it (bounded: 15 s).
        stop.CancelAfter(TimeSpan.FromSeconds(15));
        await flood;

        var rejected = 0;
        while (flooder.Messages.TryRead(out var message))
            if (message.ToJsonString().Contains("Too many events")) rejected++;

        output.WriteLine($"victim round trip p50: {baseline.p50:F2} ms without flood, {during.p50:F2} ms during a flood of {floodSent} events " +
                         $"(ratio {during.p50 / baseline.p50:F2}); p95 {baseline.p95:F2} → {during.p95:F2} ms; flooder got {rejected} rate-limit rejections, then its connection was {flooder.State}");
        Assert.True(rejected > 0, "the flooder was never rate limited");
        Assert.NotEqual(System.Net.WebSockets.WebSocketState.Open, flooder.State);
        // Generous bound for a shared 2-core machine: the flood must not push the victim into seconds.
        Assert.True(during.p50 < 250, $"victim p50 {during.p50:F1} ms during the flood");
    }

    private static async Task<(double p50, double p95)> MeasureRoundTripsAsync(SignalRJsonClient client, string viewId, int firstRef, int count)
    {
        var samples = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var eventRef = firstRef + i;
            var watch = Stopwatch.StartNew();
            await client.SendAsync("e", viewId, eventRef, "Add", new { amount = 1 });
            var reply = await client.NextReplyAsync(viewId, r => r["r"]!.GetValue<long>() == eventRef);
            samples.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Null(reply["e"]);
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[(int)(samples.Count * 0.95)]);
    }
}
