namespace LiveViews.Uploads;

/// <summary>
/// The state of one declared upload, for the view's template: its rules, its files with their progress, and the
/// errors of the last selection (<c>Model.Upload("photos")</c>).
/// </summary>
public sealed class LiveUpload
{
    private readonly List<UploadEntry> _entries = [];
    private readonly List<string> _errors = [];

    internal LiveUpload(string name, UploadOptions options)
    {
        Name = name;
        Options = options;
    }

    /// <summary>The upload's name (<c>lv-upload="NAME"</c>).</summary>
    public string Name { get; }

    /// <summary>Its rules.</summary>
    public UploadOptions Options { get; }

    /// <summary>Files accepted and not consumed or cancelled yet, in the order they were chosen.</summary>
    public IReadOnlyList<UploadEntry> Entries => _entries;

    /// <summary>Why files were refused or failed, one message per file (<c>"cat.gif: only .png, .jpg files are accepted"</c>); replaced by each new selection.</summary>
    public IReadOnlyList<string> Errors => _errors;

    /// <summary>The <c>accept</c> attribute for the file input (<c>".png,.jpg"</c>), or null when any file is accepted.</summary>
    public string? AcceptAttribute => Options.Accept.Count == 0 ? null : string.Join(',', Options.Accept);

    internal List<UploadEntry> MutableEntries => _entries;
    internal List<string> MutableErrors => _errors;
}
