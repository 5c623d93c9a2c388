namespace LiveViews.Testing;

/// <summary>How a file's upload through <see cref="LivePage.UploadAsync"/> ended.</summary>
public enum UploadOutcome
{
    /// <summary>Not over yet: its chunks are held (<see cref="LiveFaults.HoldUploads"/>) or it waits for the view to join.</summary>
    Pending,
    /// <summary>The server acknowledged every byte.</summary>
    Uploaded,
    /// <summary>The preflight gave it no token (the view renders why, e.g. a type or size it does not accept), or the server refused the preflight.</summary>
    Refused,
    /// <summary>A chunk was refused (a 4xx: cancelled, content not of an accepted type, expired token), or a remounted view no longer had it.</summary>
    Stopped,
}

/// <summary>A file <see cref="LivePage.UploadAsync"/> gave to the page's upload client, as it stands when the call returns.</summary>
/// <param name="Ref">The client's id of the file (the <c>r</c> of the preflight; a view's <c>UploadEntry.Ref</c>, e.g. for <c>CancelUpload</c>).</param>
/// <param name="Name">The file name.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Acknowledged">Bytes the server holds from offset 0 without a gap.</param>
/// <param name="Outcome">How it ended, or <see cref="UploadOutcome.Pending"/>.</param>
/// <param name="Message">Why it was refused or stopped (the server's error, e.g. <c>415: cat.png: its content is not image/png</c>), else null.</param>
public sealed record LiveUploadResult(string Ref, string Name, long Size, long Acknowledged, UploadOutcome Outcome, string? Message);
