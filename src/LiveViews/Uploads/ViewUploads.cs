using System.Text.RegularExpressions;

namespace LiveViews.Uploads;

/// <summary>The uploads one view declared (<c>AllowUpload</c>), by name, and the service once the view is connected and uploading.</summary>
internal sealed partial class ViewUploads
{
    private readonly Dictionary<string, LiveUpload> _uploads = new(StringComparer.Ordinal);

    /// <summary>Set when the first preflight attaches the view (connected views only).</summary>
    public UploadService? Service { get; set; }

    public IEnumerable<LiveUpload> All => _uploads.Values;

    public LiveUpload Declare(string name, UploadOptions options)
    {
        if (!NamePattern().IsMatch(name ?? ""))
            throw new ArgumentException($"Upload name '{name}' must be 1-40 letters, digits, '-' or '_'.", nameof(name));
        if (options.MaxEntries < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxEntries must be at least 1.");
        if (options.MaxFileBytes < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxFileBytes must be at least 1.");
        foreach (var accept in options.Accept)
            if (!(accept.StartsWith('.') && accept.Length > 1) && !accept.Contains('/'))
                throw new ArgumentException($"Accept entry '{accept}' must be an extension (\".png\") or a media type (\"image/png\", \"image/*\").", nameof(options));
        if (!_uploads.TryAdd(name!, new LiveUpload(name!, options)))
            throw new InvalidOperationException($"Upload '{name}' is declared twice.");
        return _uploads[name!];
    }

    public bool TryGet(string name, out LiveUpload upload) => _uploads.TryGetValue(name, out upload!);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    internal static partial Regex NamePattern();
}
