using System.Security.Cryptography;
using LiveViews.Uploads;

namespace LiveViews.Tests.Live;

/// <summary>An upload view for integration tests: PNG or text files up to 10,000 bytes, two at a time; Save records what it consumed.</summary>
public sealed class UploadProbeView : LiveView
{
    public List<string> Consumed { get; } = [];
    public LiveUpload Files => Upload("files");

    public override Task MountAsync(MountContext context)
    {
        AllowUpload("files", o =>
        {
            o.Accept = [".png", ".txt"];
            o.MaxFileBytes = 10_000;
            o.MaxEntries = 2;
        });
        return Task.CompletedTask;
    }

    [LiveEvent]
    public Task Save() => ConsumeUploadsAsync("files", async (entry, stream) =>
        Consumed.Add($"{entry.Name}={Convert.ToHexString(await SHA256.HashDataAsync(stream))}"));

    [LiveEvent] public void Cancel(string @ref) => CancelUpload("files", @ref);
}
