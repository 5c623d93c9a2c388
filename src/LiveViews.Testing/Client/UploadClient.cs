using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;

namespace LiveViews.Testing.Client;

/// <summary>What the upload client needs from its page: the hub invocation, HTTP to the app, the fault gate, warnings.</summary>
internal interface IUploadHost
{
    /// <summary>Invokes a hub method on the current connection; throws when there is none or the server refuses (a <c>HubException</c>).</summary>
    Task<JsonElement> InvokeAsync(string method, object?[] args);

    /// <summary>Sends an HTTP request to the app (the page's cookies and headers).</summary>
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation);

    /// <summary>Completes when chunks may be sent (<see cref="LiveFaults.HoldUploads"/> holds them).</summary>
    Task ChunkGate { get; }

    /// <summary>Runs <paramref name="action"/> serialized with the rest of the client (the page's lock), then wakes waiters.</summary>
    void Run(Action action);

    /// <summary><c>console.warn</c>.</summary>
    void Warn(string message);
}

/// <summary>
/// The upload client of one view (client/src/upload.ts, docs/protocol.md "Uploads"): for each chosen or dropped file it
/// asks the view for a token (the <c>u</c> preflight, at most 20 files a call, after the view joined), sends the file
/// over HTTP in chunks (<c>PUT</c> with <c>LV-Upload-Token</c> and <c>Content-Range</c>, <c>p</c> in flight, each with a
/// <c>w</c> ms timeout on the page's clock), shows progress in <c>progress[lv-upload-progress=REF]</c> (never lower, also
/// after every reply), resumes from the last acknowledged byte after a failure (<c>GET</c> first, backoff 250 ms doubling
/// to 5 s on the page's clock), stops on a 4xx other than 408/429, announces its files again with their tokens after a
/// rejoin, and holds a submit of a form whose uploads are still running until they end. State changes run under the
/// page's lock (<see cref="IUploadHost.Run"/>); the network work runs outside it.
/// </summary>
internal sealed class UploadClient : IDisposable
{
    /// <summary>Most files in one preflight call (upload.ts: an announcement with tokens stays far below the hub's message size limit).</summary>
    public const int PreflightBatch = 20;

    private static int s_seq;
    private readonly ClientView _view;
    private readonly ClientTimers _timers;
    private readonly IUploadHost _host;
    private readonly Dictionary<string, UploadFile> _entries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _lifetime = new();
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>Held submits: sent (in the same step as the last of their files ends, so nothing settles in between) once all their files are over.</summary>
    private readonly List<(List<UploadFile> Files, Action Go)> _holds = [];

    public UploadClient(ClientView view, ClientTimers timers, IUploadHost host)
    {
        _view = view;
        _timers = timers;
        _host = host;
        if (view.Connected) _ready.TrySetResult();
        // A submit waits for the uploads of its form's inputs (it is already predicted, e.g. lv-disable-with).
        view.Hold = (form, go) =>
        {
            var names = form.QuerySelectorAll("[lv-upload]").Select(i => i.GetAttribute("lv-upload")).ToHashSet(StringComparer.Ordinal);
            var pending = _entries.Values.Where(e => !e.Over && names.Contains(e.Upload)).ToList();
            if (pending.Count == 0) return false;
            _holds.Add((pending, go));
            return true;
        };
    }

    /// <summary>Every file this view's client has taken, in the order chosen.</summary>
    public IEnumerable<UploadFile> Files => _entries.Values;

    /// <summary>True while the view is joined (a preflight can go).</summary>
    public bool Ready => _ready.Task.IsCompleted;

    /// <summary>Takes files chosen in an <c>lv-upload</c> input or dropped on an <c>lv-upload-drop</c> zone for upload <paramref name="upload"/>. Under the page's lock.</summary>
    public IReadOnlyList<UploadFile> Add(string upload, IReadOnlyList<(string Name, string ContentType, byte[] Content)> files)
    {
        var list = files.Select(f =>
        {
            var e = new UploadFile($"{Base36((long)_timers.Now)}-{Interlocked.Increment(ref s_seq)}", upload, f.Name, f.ContentType, f.Content);
            _entries[e.Ref] = e;
            return e;
        }).ToList();
        if (list.Count > 0) _ = Task.Run(() => PreflightAsync(upload, list)); // the network work runs outside the page's lock
        return list;
    }

    /// <summary>The view joined (again): preflights may go; after a rejoin the files with tokens are announced again, so the remounted view knows them. Under the page's lock.</summary>
    public void Joined()
    {
        _ready.TrySetResult();
        var held = _entries.Values.Where(e => e.Token is not null && !(e.Over && e.Acked < e.Size)).ToList();
        foreach (var group in held.GroupBy(e => e.Upload)) _ = Task.Run(() => PreflightAsync(group.Key, [.. group]));
    }

    /// <summary>The connection dropped: preflights wait for the next join. Under the page's lock.</summary>
    public void Disconnected()
    {
        if (_ready.Task.IsCompleted) _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Paints every file's progress again: a patch may have rendered an older value (the acknowledged bytes win). Under the page's lock.</summary>
    public void Repaint()
    {
        foreach (var e in _entries.Values) Paint(e);
    }

    private void Paint(UploadFile e)
    {
        e.Shown = Math.Max(e.Shown, (int)(e.Acked * 100 / Math.Max(1, e.Size)));
        foreach (var p in _view.Root.QuerySelectorAll($"progress[lv-upload-progress=\"{e.Ref}\"]"))
            if (ProgressValue(p) < e.Shown) p.SetAttribute("value", e.Shown.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>A progress element's <c>value</c> property: its attribute as a number, 0 when missing or not a number.</summary>
    private static double ProgressValue(IElement p) =>
        double.TryParse(p.GetAttribute("value"), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : 0;

    private void End(UploadFile e, UploadOutcome outcome, string? message = null)
    {
        if (e.Over) return;
        e.Over = true;
        e.Outcome = outcome;
        e.Message = message;
        foreach (var hold in _holds.Where(h => h.Files.All(f => f.Over)).ToList())
        {
            _holds.Remove(hold);
            hold.Go();
        }
    }

    /// <summary>Sends the preflight (waiting for the view to be joined) and applies its answers (preflight in upload.ts).</summary>
    private async Task PreflightAsync(string upload, List<UploadFile> list)
    {
        if (list.Count > PreflightBatch)
        {
            await Task.WhenAll(PreflightAsync(upload, list[..PreflightBatch]), PreflightAsync(upload, list[PreflightBatch..]));
            return;
        }
        while (!_lifetime.IsCancellationRequested)
        {
            Task? ready = null;
            _host.Run(() => ready = _ready.Task);
            if (ready is null) return; // the page is gone
            await ready.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            TaskCompletionSource? readyAtSend = null;
            var viewId = "";
            JsonArray entries = [];
            _host.Run(() =>
            {
                readyAtSend = _ready;
                viewId = _view.Id;
                foreach (var e in list)
                {
                    var entry = new JsonObject { ["r"] = e.Ref, ["n"] = e.Name, ["s"] = e.Size, ["y"] = e.ContentType };
                    if (e.Token is not null) entry["t"] = e.Token;
                    entries.Add(entry);
                }
            });
            if (readyAtSend is null) return; // the page is gone
            JsonElement answer;
            try
            {
                answer = await _host.InvokeAsync("u", [viewId, upload, entries]).ConfigureAwait(false);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException x)
            {
                // refused by the server (not a lost connection): these files will not be sent
                _host.Run(() =>
                {
                    _host.Warn($"lv: upload refused: {x.Message}");
                    foreach (var e in list) End(e, UploadOutcome.Refused, x.Message);
                });
                return;
            }
            catch (Exception) when (!_lifetime.IsCancellationRequested)
            {
                // The connection is going away: wait for the next join (the disconnect replaces the ready signal).
                _host.Run(() =>
                {
                    if (ReferenceEquals(_ready, readyAtSend)) _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
                });
                continue;
            }
            _host.Run(() => Apply(answer));
            return;
        }
    }

    private void Apply(JsonElement answer)
    {
        var config = ChunkConfig.Read(answer);
        foreach (var a in answer.GetProperty("e").EnumerateArray())
        {
            if (!_entries.TryGetValue(a.GetProperty("r").GetString() ?? "", out var e)) continue;
            if (!a.TryGetProperty("t", out var t) || t.ValueKind != JsonValueKind.String)
            {
                End(e, e.Token is null ? UploadOutcome.Refused : UploadOutcome.Stopped, e.Token is null ? "refused by the preflight" : "the remounted view no longer has it");
                continue;
            }
            e.Token = t.GetString();
            e.Config = config;
            e.Acked = a.GetProperty("o").GetInt64();
            Paint(e);
            _ = Task.Run(() => RunAsync(e));
        }
    }

    /// <summary>Sends <paramref name="e"/> from its acknowledged offset until done; resumes with backoff after failures (run in upload.ts).</summary>
    private async Task RunAsync(UploadFile e)
    {
        var start = false;
        _host.Run(() =>
        {
            if (e.Running || e.Over) return;
            e.Running = start = true;
        });
        if (!start) return;
        UploadOutcome outcome = UploadOutcome.Uploaded;
        string? message = null;
        try
        {
            for (var attempt = 0; !e.Over && e.Acked < e.Size && !_lifetime.IsCancellationRequested;)
            {
                var config = e.Config!;
                using var round = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
                var next = e.Acked;
                var gate = new object();
                Exception? failure = null;
                async Task Worker()
                {
                    while (!round.IsCancellationRequested)
                    {
                        long from, to;
                        lock (gate)
                        {
                            if (next >= e.Size) return;
                            from = next;
                            to = next = Math.Min(e.Size, from + config.ChunkBytes);
                        }
                        await _host.ChunkGate.WaitAsync(round.Token).ConfigureAwait(false);
                        var timer = _timers.Set(() =>
                        {
                            try { round.Cancel(); }
                            catch (ObjectDisposedException) { } // the round ended meanwhile
                        }, config.ChunkTimeoutMs);
                        try
                        {
                            var o = await PutAsync(e, from, to, round.Token).ConfigureAwait(false);
                            _host.Run(() =>
                            {
                                e.Acked = Math.Max(e.Acked, o);
                                Paint(e);
                            });
                        }
                        catch (Exception x)
                        {
                            lock (gate) failure ??= x;
                            round.Cancel();
                            return;
                        }
                        finally
                        {
                            ClientTimers.Clear(timer);
                        }
                    }
                }
                try
                {
                    await Task.WhenAll(Enumerable.Range(0, Math.Max(1, config.ParallelChunks)).Select(_ => Worker())).ConfigureAwait(false);
                    if (failure is not null) throw failure;
                    if (round.IsCancellationRequested) throw new TimeoutException($"a chunk was not answered within {config.ChunkTimeoutMs} ms");
                    if (e.Acked < e.Size)
                    {
                        var acked = await StatusAsync(e, round.Token).ConfigureAwait(false);
                        _host.Run(() => e.Acked = acked);
                    }
                    attempt = 0;
                }
                catch (RefusedException x)
                {
                    // cancelled, refused content, expired token: the view renders why
                    _host.Run(() => _host.Warn($"lv: upload of {e.Name} stopped ({(int)x.Status})"));
                    (outcome, message) = (UploadOutcome.Stopped, x.Message);
                    break;
                }
                catch (Exception) when (!_lifetime.IsCancellationRequested)
                {
                    var delay = Math.Min(5000, 250 * Math.Pow(2, attempt++));
                    var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    _host.Run(() =>
                    {
                        e.BackoffMs = delay;
                        _timers.Set(() => wake.TrySetResult(), delay);
                    });
                    await wake.Task.WaitAsync(_lifetime.Token).ConfigureAwait(false);
                    _host.Run(() => e.BackoffMs = 0);
                    try
                    {
                        var acked = await StatusAsync(e, _lifetime.Token).ConfigureAwait(false);
                        _host.Run(() => e.Acked = acked);
                    }
                    catch (RefusedException x)
                    {
                        (outcome, message) = (UploadOutcome.Stopped, x.Message);
                        break;
                    }
                    catch (Exception) when (!_lifetime.IsCancellationRequested) { }
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            return; // the page closed
        }
        _host.Run(() =>
        {
            e.Running = false;
            End(e, e.Acked >= e.Size ? outcome : UploadOutcome.Stopped, message);
        });
    }

    /// <summary>PUTs bytes [<paramref name="from"/>, <paramref name="to"/>) of the file; returns the acknowledged offset.</summary>
    private Task<long> PutAsync(UploadFile e, long from, long to, CancellationToken cancellation)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, e.Config!.Url)
        {
            Content = new ByteArrayContent(e.Content, (int)from, (int)(to - from)),
        };
        request.Content.Headers.ContentRange = new ContentRangeHeaderValue(from, to - 1, e.Size);
        return RequestAsync(e, request, cancellation);
    }

    /// <summary>GETs how many bytes the server holds from 0 without a gap.</summary>
    private Task<long> StatusAsync(UploadFile e, CancellationToken cancellation) =>
        RequestAsync(e, new HttpRequestMessage(HttpMethod.Get, e.Config!.Url), cancellation);

    /// <summary>A request to the chunk endpoint; throws <see cref="RefusedException"/> for a 4xx answer other than 408/429, another exception for anything retryable.</summary>
    private async Task<long> RequestAsync(UploadFile e, HttpRequestMessage request, CancellationToken cancellation)
    {
        using (request)
        {
            request.Headers.Add("LV-Upload-Token", e.Token);
            using var response = await _host.SendAsync(request, cancellation).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return JsonDocument.Parse(body).RootElement.GetProperty("o").GetInt64();
            if (status is >= 400 and < 500 and not 408 and not 429) throw new RefusedException(response.StatusCode, ErrorOf(body) ?? response.ReasonPhrase ?? "");
            throw new HttpRequestException($"upload chunk answered {status}");
        }
    }

    private static string? ErrorOf(string body)
    {
        try { return JsonDocument.Parse(body).RootElement.TryGetProperty("error", out var error) ? error.GetString() : null; }
        catch (JsonException) { return null; }
    }

    private static string Base36(long n)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var s = "";
        do { s = digits[(int)(n % 36)] + s; n /= 36; } while (n > 0);
        return s;
    }

    /// <summary>Stops every upload (the page closed).</summary>
    public void Dispose()
    {
        _lifetime.Cancel();
        _lifetime.Dispose();
    }

    /// <summary>A 4xx answer (except timeouts and rate limits): retrying cannot help.</summary>
    private sealed class RefusedException(HttpStatusCode status, string message) : Exception($"{(int)status}: {message}")
    {
        public HttpStatusCode Status { get; } = status;
    }
}

/// <summary>The preflight's chunk settings: the chunk URL, bytes per chunk, chunks in flight, ms a chunk may take.</summary>
internal sealed record ChunkConfig(string Url, int ChunkBytes, int ParallelChunks, double ChunkTimeoutMs)
{
    public static ChunkConfig Read(JsonElement preflight) => new(
        preflight.GetProperty("u").GetString()!, preflight.GetProperty("c").GetInt32(),
        preflight.GetProperty("p").GetInt32(), preflight.GetProperty("w").GetDouble());
}

/// <summary>One file on its way (an <c>Entry</c> of upload.ts). Mutated under the page's lock.</summary>
internal sealed class UploadFile(string reference, string upload, string name, string contentType, byte[] content)
{
    public string Ref { get; } = reference;
    public string Upload { get; } = upload;
    public string Name { get; } = name;
    public string ContentType { get; } = contentType;
    public byte[] Content { get; } = content;
    public long Size => Content.Length;
    public string? Token { get; set; }
    /// <summary>Bytes the server acknowledged from 0 without a gap: where a resume starts.</summary>
    public long Acked { get; set; }
    /// <summary>Highest percentage shown: progress never goes backwards.</summary>
    public int Shown { get; set; }
    public ChunkConfig? Config { get; set; }
    public bool Running { get; set; }
    /// <summary>Refused, failed for good, or done.</summary>
    public bool Over { get; set; }
    public UploadOutcome Outcome { get; set; } = UploadOutcome.Pending;
    public string? Message { get; set; }
    /// <summary>Milliseconds of backoff the file waits on the page's clock before it retries, 0 when it is not waiting.</summary>
    public double BackoffMs { get; set; }
}
