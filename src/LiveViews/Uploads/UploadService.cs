using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LiveViews.Hosting;
using LiveViews.Protocol;
using LiveViews.Sessions;

namespace LiveViews.Uploads;

/// <summary>
/// Uploads of mounted views: the preflight that checks files before a byte is sent and issues one token per file, the
/// link between a view and its stored files (so arriving chunks re-render it at a bounded rate), consuming and cancelling.
/// Preflight, consume and cancel run inside the view's mailbox.
/// </summary>
internal sealed class UploadService(UploadStore store, UploadTokenService tokens, IOptions<LiveViewOptions> options, ILogger<UploadService> logger)
{
    /// <summary>Most files in one preflight.</summary>
    public const int MaxEntriesPerPreflight = 100;

    private readonly LiveUploadOptions _options = options.Value.Uploads;
    private readonly ConcurrentDictionary<string, Attachment> _attached = new(StringComparer.Ordinal);

    public UploadStore Store => store;

    /// <summary>True while a view with token nonce <paramref name="nonce"/> is mounted here (its files are never cleaned up).</summary>
    public bool IsAttached(string nonce) => _attached.ContainsKey(nonce);

    /// <summary>
    /// Checks the files of a selection (or re-announced ones, with their tokens) against upload <paramref name="name"/>'s
    /// rules and the disk limits; stores the accepted ones and returns their tokens. Refusals become the upload's
    /// per-file <see cref="LiveUpload.Errors"/>, rendered by the view. Runs in the view's mailbox.
    /// Throws <see cref="ArgumentException"/> for a request no client of ours sends (unknown upload, bad refs).
    /// </summary>
    public UploadPreflightReply Preflight(ViewSession session, ClaimsPrincipal user, string name, IReadOnlyList<UploadPreflightEntry> entries)
    {
        var view = session.View;
        if (view.UploadState is not { } uploads || !uploads.TryGet(name ?? "", out var upload))
            throw new ArgumentException($"{view.GetType().Name} declares no upload '{name}' (AllowUpload).");
        if (entries is null || entries.Count > MaxEntriesPerPreflight)
            throw new ArgumentException($"A preflight lists 1 to {MaxEntriesPerPreflight} files.");
        foreach (var e in entries)
            if (e is null || !ViewUploads.NamePattern().IsMatch(e.Ref ?? "")) throw new ArgumentException("Every file needs a ref of 1-40 letters, digits, '-' or '_'.");
        Attach(session, uploads);

        var answers = new List<UploadPreflightAnswer>(entries.Count);
        if (entries.Any(e => e.Token is null)) upload.MutableErrors.Clear(); // a new selection replaces the last one's errors
        foreach (var e in entries)
        {
            answers.Add(e.Token is null ? Accept(session, user, upload, e) : Resume(session, user, upload, e));
        }
        return new UploadPreflightReply(answers, _options.Path, _options.ChunkBytes, _options.ParallelChunks, (long)_options.ChunkTimeout.TotalMilliseconds);
    }

    private UploadPreflightAnswer Accept(ViewSession session, ClaimsPrincipal user, LiveUpload upload, UploadPreflightEntry e)
    {
        var fileName = CleanName(e.Name);
        var rules = upload.Options;
        string? refusal = null;
        if (upload.Entries.FirstOrDefault(x => x.Ref == e.Ref) is { } chosen)
        {
            if (AnswerAgain(session, user, upload, e, chosen, fileName) is { } again) return again;
            refusal = "was already chosen";
        }
        else if (e.Size <= 0) refusal = "is empty";
        else if (e.Size > rules.MaxFileBytes) refusal = $"is larger than {UploadStore.Megabytes(rules.MaxFileBytes)}";
        else if (!IsAccepted(rules.Accept, fileName, e.Type)) refusal = $"is not an accepted file type ({string.Join(", ", rules.Accept)})";
        else if (upload.Entries.Count >= rules.MaxEntries) refusal = $"was not added: at most {rules.MaxEntries} file{(rules.MaxEntries == 1 ? "" : "s")} at a time";
        if (refusal is null)
        {
            var stored = new StoredUpload
            {
                Id = Guid.NewGuid().ToString("N"),
                Nonce = session.TokenNonce,
                User = Tokens.ViewTokenService.UserIdOf(user),
                View = LiveViewRegistry.NameOf(session.ViewType),
                Upload = upload.Name,
                Ref = e.Ref,
                Name = fileName,
                Size = e.Size,
                ClientType = e.Type ?? "",
                ContentTypes = ContentTypesToCheck(rules.Accept, fileName),
                CreatedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                ActiveMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            };
            stored.ContentChecked = stored.ContentTypes.Length == 0;
            try { refusal = store.Create(stored); }
            catch (IOException ex)
            {
                logger.LogError(ex, "Could not create the temporary file of an upload in {Directory}", store.Directory);
                refusal = "could not be stored by the server";
            }
            if (refusal is null)
            {
                upload.MutableEntries.Add(new UploadEntry(stored.Id, e.Ref, fileName, e.Size, stored.ClientType));
                return new UploadPreflightAnswer(e.Ref, TokenFor(stored), 0);
            }
        }
        upload.MutableErrors.Add($"{fileName}: {refusal}.");
        return new UploadPreflightAnswer(e.Ref, null, 0);
    }

    /// <summary>
    /// The answer to a preflight sent again for a file the view already took (the first answer was lost when the
    /// connection dropped and the view was kept or resumed): a token for the stored file and its received bytes, so a
    /// retried preflight is idempotent; null when the file differs or is gone (then it was chosen twice).
    /// </summary>
    private UploadPreflightAnswer? AnswerAgain(ViewSession session, ClaimsPrincipal user, LiveUpload upload, UploadPreflightEntry e, UploadEntry chosen, string fileName)
    {
        if (store.Find(chosen.Id) is not { } stored || stored.Nonce != session.TokenNonce || stored.Name != fileName || stored.Size != e.Size
            || stored.ClientType != (e.Type ?? "") || stored.User != Tokens.ViewTokenService.UserIdOf(user))
            return null;
        store.Touch(stored);
        return new UploadPreflightAnswer(e.Ref, TokenFor(stored), stored.Contiguous);
    }

    /// <summary>The token the client sends the chunks of <paramref name="stored"/> with (bound to its view, upload and user).</summary>
    private string TokenFor(StoredUpload stored) =>
        tokens.Issue(new UploadTicket(stored.Id, stored.Ref, stored.Nonce, stored.View, stored.Upload, stored.User));

    // A file announced again after a reconnect or restart: the remounted view learns it back from its token.
    private UploadPreflightAnswer Resume(ViewSession session, ClaimsPrincipal user, LiveUpload upload, UploadPreflightEntry e)
    {
        var ticket = tokens.Verify(e.Token, user, out var error, out _);
        var stored = ticket is null ? null : store.Find(ticket.EntryId);
        if (ticket is null || stored is null || ticket.Nonce != session.TokenNonce || ticket.Upload != upload.Name || ticket.Ref != e.Ref
            || stored.Nonce != session.TokenNonce)
        {
            logger.LogInformation("View {View}: upload {Ref} cannot be resumed: {Reason}", session.ViewType.Name, e.Ref,
                error ?? (stored is null ? "it is gone" : "its token belongs to another view"));
            return new UploadPreflightAnswer(e.Ref, null, 0);
        }
        store.Touch(stored);
        var entry = upload.Entries.FirstOrDefault(x => x.Id == stored.Id);
        if (entry is null) upload.MutableEntries.Add(entry = new UploadEntry(stored.Id, stored.Ref, stored.Name, stored.Size, stored.ClientType));
        entry.Received = stored.Contiguous;
        entry.Done = stored.Done;
        return new UploadPreflightAnswer(e.Ref, e.Token, stored.Contiguous);
    }

    /// <summary>
    /// Calls <paramref name="consume"/> for every complete file of <paramref name="upload"/> with a read stream of its bytes,
    /// then deletes the file and drops the entry. A file whose callback throws is kept (the exception propagates).
    /// </summary>
    public async Task<IReadOnlyList<T>> ConsumeAsync<T>(LiveUpload upload, Func<UploadEntry, Stream, Task<T>> consume)
    {
        var results = new List<T>();
        foreach (var entry in upload.Entries.ToArray())
        {
            var stored = store.Find(entry.Id);
            if (stored is null) { upload.MutableEntries.Remove(entry); continue; }
            if (!stored.Done) continue;
            T result;
            await using (var stream = store.OpenRead(stored)) result = await consume(entry, stream);
            store.Delete(stored);
            upload.MutableEntries.Remove(entry);
            results.Add(result);
        }
        return results;
    }

    /// <summary>Cancels the file <paramref name="entryRef"/> of <paramref name="upload"/>: deleted, its chunks refused from now on. False when unknown.</summary>
    public bool Cancel(LiveUpload upload, string entryRef)
    {
        var entry = upload.Entries.FirstOrDefault(e => e.Ref == entryRef);
        if (entry is null) return false;
        if (store.Find(entry.Id) is { } stored) store.Delete(stored);
        upload.MutableEntries.Remove(entry);
        return true;
    }

    /// <summary>Bytes arrived for <paramref name="entry"/>: re-render its view (at most once per progress interval; at once when it completed).</summary>
    public void Changed(StoredUpload entry)
    {
        if (!_attached.TryGetValue(entry.Nonce, out var attachment)) return;
        attachment.Refresh(entry.Done ? TimeSpan.Zero : _options.ProgressInterval);
    }

    /// <summary>The content of <paramref name="entry"/> was refused (deleted already): its view drops it and shows why.</summary>
    public void Failed(StoredUpload entry, string message)
    {
        if (!_attached.TryGetValue(entry.Nonce, out var attachment)) return;
        _ = attachment.Session.InvokeAsync(() =>
        {
            if (attachment.Uploads.TryGet(entry.Upload, out var upload))
            {
                upload.MutableEntries.RemoveAll(e => e.Id == entry.Id);
                upload.MutableErrors.Add($"{entry.Name}: {message}.");
            }
            return Task.CompletedTask;
        }).ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    private void Attach(ViewSession session, ViewUploads uploads)
    {
        if (uploads.Service is not null) return;
        uploads.Service = this;
        var attachment = new Attachment(this, session, uploads);
        _attached[session.TokenNonce] = attachment; // a remount on a new connection takes over from the old one
        session.Own(attachment);
    }

    /// <summary>Syncs every entry of a view with what its stored file has received (in the view's mailbox).</summary>
    private void Sync(ViewUploads uploads)
    {
        foreach (var upload in uploads.All)
            foreach (var entry in upload.Entries)
                if (store.Find(entry.Id) is { } stored)
                {
                    entry.Received = Math.Max(entry.Received, stored.Contiguous); // progress never goes backwards
                    entry.Done = stored.Done;
                }
    }

    internal static bool IsAccepted(IReadOnlyList<string> accept, string fileName, string? clientType)
    {
        if (accept.Count == 0) return true;
        var extension = Path.GetExtension(fileName);
        if (accept.Any(a => a.StartsWith('.') && string.Equals(a, extension, StringComparison.OrdinalIgnoreCase))) return true;
        var types = accept.Where(a => !a.StartsWith('.')).ToArray();
        return types.Length > 0 && !string.IsNullOrEmpty(clientType) && ContentSniffer.Matches(types, clientType);
    }

    /// <summary>The types the content must match: checked when the file's own type (or, without one, an accepted type) is recognisable by its bytes.</summary>
    internal static string[] ContentTypesToCheck(IReadOnlyList<string> accept, string fileName)
    {
        if (accept.Count == 0) return [];
        var accepted = ContentSniffer.AcceptedTypes(accept);
        var own = ContentSniffer.TypeOfName(fileName);
        var check = own is not null ? ContentSniffer.IsRecognisable(own) : accepted.Any(a => a.EndsWith("/*", StringComparison.Ordinal) || ContentSniffer.IsRecognisable(a));
        return check ? [.. accepted] : [];
    }

    /// <summary>The file name without directories or control characters, at most 200 characters.</summary>
    internal static string CleanName(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/'));
        file = new string(file.Where(c => !char.IsControl(c)).ToArray()).Trim();
        if (file.Length > 200) file = file[..200];
        return file.Length == 0 ? "file" : file;
    }

    /// <summary>A view holding its stored files: chunks re-render it at a bounded rate; disposed with the view.</summary>
    private sealed class Attachment(UploadService service, ViewSession session, ViewUploads uploads) : IDisposable
    {
        private readonly Lock _gate = new();
        private long _lastMs;
        private bool _scheduled;

        public ViewSession Session => session;
        public ViewUploads Uploads => uploads;

        public void Refresh(TimeSpan interval)
        {
            long delay;
            lock (_gate)
            {
                if (_scheduled && interval > TimeSpan.Zero) return;
                _scheduled = true;
                delay = Math.Max(0, _lastMs + (long)interval.TotalMilliseconds - Environment.TickCount64);
            }
            _ = RefreshLaterAsync(delay);
        }

        private async Task RefreshLaterAsync(long delayMs)
        {
            try
            {
                if (delayMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(delayMs));
                await session.InvokeAsync(() =>
                {
                    lock (_gate)
                    {
                        _scheduled = false;
                        _lastMs = Environment.TickCount64;
                    }
                    service.Sync(uploads);
                    return Task.CompletedTask;
                });
            }
            catch (Exception) { lock (_gate) _scheduled = false; } // the view is gone: nothing to show it on
        }

        public void Dispose()
        {
            // The view went away: its files wait a grace period for it to come back (a reconnect remounts and re-announces).
            service._attached.TryRemove(new KeyValuePair<string, Attachment>(session.TokenNonce, this));
            foreach (var stored in service.Store.EntriesOf(session.TokenNonce).ToArray()) service.Store.Touch(stored);
        }
    }
}
