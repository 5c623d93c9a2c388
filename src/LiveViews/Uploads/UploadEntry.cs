namespace LiveViews.Uploads;

/// <summary>One file of an upload, as the view's template and <c>ConsumeUploadsAsync</c> see it.</summary>
public sealed class UploadEntry
{
    internal UploadEntry(string id, string @ref, string name, long size, string clientType)
    {
        Id = id;
        Ref = @ref;
        Name = name;
        Size = size;
        ClientType = clientType;
    }

    /// <summary>The server's id of the stored file.</summary>
    internal string Id { get; }

    /// <summary>The client's reference of the entry: use it in <c>lv-upload-progress="@entry.Ref"</c> and to cancel it.</summary>
    public string Ref { get; }

    /// <summary>The file's name as the browser gave it (directory parts and control characters removed); never a path to trust.</summary>
    public string Name { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The media type the browser reported (unverified; the server checks the content itself).</summary>
    public string ClientType { get; }

    /// <summary>Bytes received and acknowledged from the start of the file without a gap.</summary>
    public long Received { get; internal set; }

    /// <summary>Received bytes in percent (0–100, rounded down).</summary>
    public int Progress => Size == 0 ? 100 : (int)(Received * 100 / Size);

    /// <summary>True once every byte arrived and the content was checked: the entry can be consumed.</summary>
    public bool Done { get; internal set; }
}
