namespace LiveViews.UploadBench.Live;

/// <summary>One large file at a time; <see cref="Discard"/> deletes it again between runs.</summary>
public sealed class UploadBenchView : LiveView
{
    public override Task MountAsync(MountContext context)
    {
        AllowUpload("file", o => { o.Accept = [".png"]; o.MaxFileBytes = 100_000_000; });
        return Task.CompletedTask;
    }

    [LiveEvent]
    public Task Discard() => ConsumeUploadsAsync("file", (_, _) => Task.CompletedTask);
}
