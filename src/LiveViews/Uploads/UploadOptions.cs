namespace LiveViews.Uploads;

/// <summary>The rules of one upload a view declares with <c>AllowUpload("photos", o => …)</c>.</summary>
public sealed class UploadOptions
{
    /// <summary>
    /// Accepted files: extensions (<c>".png"</c>) and/or media types (<c>"image/png"</c>, <c>"image/*"</c>). The server
    /// checks the file name and, for types it can recognise (images, PDF, archives, audio/video containers), the real
    /// content by its first bytes. Empty accepts any file. Default empty.
    /// </summary>
    public IReadOnlyList<string> Accept { get; set; } = [];

    /// <summary>Largest file in bytes. Default 8,000,000.</summary>
    public long MaxFileBytes { get; set; } = 8_000_000;

    /// <summary>Most files held at once (uploading or uploaded and not consumed yet). Default 1.</summary>
    public int MaxEntries { get; set; } = 1;
}
