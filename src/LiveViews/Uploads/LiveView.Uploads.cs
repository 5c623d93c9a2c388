using LiveViews.Uploads;

namespace LiveViews;

public abstract partial class LiveView
{
    private ViewUploads? _uploads;

    /// <summary>The uploads this view declared, or null when it declared none.</summary>
    internal ViewUploads? UploadState => _uploads;

    /// <summary>
    /// Declares an upload the template binds with <c>&lt;input type="file" lv-upload="NAME"&gt;</c> (and optionally a drop
    /// zone, <c>lv-upload-drop="NAME"</c>). Call it in <see cref="MountAsync"/>:
    /// <c>AllowUpload("photos", o => { o.Accept = [".png", ".jpg"]; o.MaxFileBytes = 5_000_000; o.MaxEntries = 3; })</c>.
    /// Files go to the server over HTTP in chunks while the user goes on; the template shows them with
    /// <see cref="Upload"/>, a handler takes the complete ones with <c>ConsumeUploadsAsync</c>.
    /// Throws <see cref="ArgumentException"/> for a bad name or rules, <see cref="InvalidOperationException"/> when declared twice.
    /// </summary>
    /// <returns>The upload's state (also available later through <see cref="Upload"/>).</returns>
    protected LiveUpload AllowUpload(string name, Action<UploadOptions>? configure = null)
    {
        var options = new UploadOptions();
        configure?.Invoke(options);
        return (_uploads ??= new ViewUploads()).Declare(name, options);
    }

    /// <summary>The state of upload <paramref name="name"/> (its files with their progress, and its errors). Throws <see cref="ArgumentException"/> when it was not declared.</summary>
    public LiveUpload Upload(string name) =>
        _uploads is not null && _uploads.TryGet(name, out var upload)
            ? upload
            : throw new ArgumentException($"{GetType().Name} declares no upload '{name}'; call AllowUpload(\"{name}\", …) in MountAsync.", nameof(name));

    /// <summary>
    /// Hands every completely uploaded file of upload <paramref name="name"/> to <paramref name="consume"/> with a stream of
    /// its bytes (read it before the task completes), then deletes the temporary file and removes the entry. Files still
    /// arriving stay. A file whose callback throws is kept and the exception propagates. Returns the callbacks' results.
    /// </summary>
    protected async Task<IReadOnlyList<T>> ConsumeUploadsAsync<T>(string name, Func<UploadEntry, Stream, Task<T>> consume)
    {
        ArgumentNullException.ThrowIfNull(consume);
        var upload = Upload(name);
        return _uploads!.Service is { } service ? await service.ConsumeAsync(upload, consume) : [];
    }

    /// <summary>As <see cref="ConsumeUploadsAsync{T}"/> without results; returns how many files were consumed.</summary>
    protected async Task<int> ConsumeUploadsAsync(string name, Func<UploadEntry, Stream, Task> consume)
    {
        ArgumentNullException.ThrowIfNull(consume);
        return (await ConsumeUploadsAsync(name, async (entry, stream) => { await consume(entry, stream); return true; })).Count;
    }

    /// <summary>Cancels file <paramref name="entryRef"/> of upload <paramref name="name"/> (deletes what arrived; the client stops sending it). False when there is no such file.</summary>
    protected bool CancelUpload(string name, string entryRef)
    {
        var upload = Upload(name);
        return _uploads!.Service?.Cancel(upload, entryRef) ?? false;
    }
}
