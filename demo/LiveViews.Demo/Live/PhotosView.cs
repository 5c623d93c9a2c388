using LiveViews.Demo.Data;
using LiveViews.Uploads;

namespace LiveViews.Demo.Live;

/// <summary>
/// Photo uploads: files go to the server in chunks while you wait (progress without a round trip per chunk) and survive
/// a dropped connection or a server restart; Save stores the complete ones.
/// </summary>
public sealed class PhotosView(PhotoStore store) : DemoView
{
    /// <summary>Saved photos.</summary>
    public IReadOnlyList<Photo> Photos { get; private set; } = [];

    /// <summary>The files chosen and not saved yet, with their progress and errors.</summary>
    public LiveUpload Queue => Upload("photos");

    public override string PageTitle => "Photos";

    protected override Task OnMountAsync(MountContext context)
    {
        AllowUpload("photos", o =>
        {
            o.Accept = [".png", ".jpg", ".jpeg"];
            o.MaxFileBytes = 5_000_000;
            o.MaxEntries = 3;
        });
        Photos = store.All();
        return Task.CompletedTask;
    }

    /// <summary>Stores every completely uploaded photo (the client sends the submit once its uploads finished).</summary>
    [LiveEvent]
    public async Task Save()
    {
        await ConsumeUploadsAsync("photos", (entry, stream) => store.AddAsync(entry.Name, stream));
        Photos = store.All();
    }

    /// <summary>Removes a chosen file (stops its upload, deletes what arrived).</summary>
    [LiveEvent]
    public void Cancel(string @ref) => CancelUpload("photos", @ref);
}
