using System.Buffers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Hosting;
using LiveViews.Protocol;
using LiveViews.Sessions;

namespace LiveViews.Uploads;

/// <summary>
/// The chunk endpoint (docs/protocol.md, "Uploads"): <c>PUT {path}</c> with an <c>LV-Upload-Token</c> header, a
/// <c>Content-Range: bytes START-END/SIZE</c> header and the chunk as the body writes those bytes and answers
/// <c>{"o": acknowledged}</c>, the bytes held from 0 without a gap; <c>GET {path}</c> with the token answers
/// <c>{"o", "s"}</c> to resume. Chunks may arrive in any order, in parallel and more than once. Errors answer
/// <c>{"error": message}</c>: 400 malformed, 401 bad or expired token, 403 another user's token or no longer authorized,
/// 410 cancelled or gone, 413 beyond the chunk size or the file, 415 content not of an accepted type.
/// </summary>
internal static partial class UploadEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, string path)
    {
        endpoints.MapMethods(path, [HttpMethods.Put], (Delegate)PutAsync);
        endpoints.MapGet(path, (Delegate)GetAsync);
    }

    private static async Task<IResult> GetAsync(HttpContext context)
    {
        var (entry, failure) = await AuthorizeAsync(context);
        return failure ?? Results.Json(new { o = entry!.Contiguous, s = entry.Size });
    }

    private static async Task<IResult> PutAsync(HttpContext context)
    {
        var (entry, failure) = await AuthorizeAsync(context);
        if (failure is not null) return failure;
        var services = context.RequestServices;
        var uploads = services.GetRequiredService<UploadService>();
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LiveViewOptions>>().Value.Uploads;

        if (ContentRange().Match(context.Request.Headers.ContentRange.ToString()) is not { Success: true } range
            || !long.TryParse(range.Groups[1].ValueSpan, out var from) || !long.TryParse(range.Groups[2].ValueSpan, out var to)
            || !long.TryParse(range.Groups[3].ValueSpan, out var total) || to < from)
            return Error(400, "A chunk needs a Content-Range: bytes START-END/SIZE header.");
        if (total != entry!.Size) return Error(400, $"The Content-Range size {total} is not the file's size {entry.Size}.");
        if (to >= total) return Error(413, "The chunk goes past the end of the file.");
        var length = to - from + 1;
        if (length > options.ChunkBytes) return Error(413, $"A chunk holds at most {options.ChunkBytes} bytes.");
        if (from == 0 && length < Math.Min(total, ContentSniffer.HeaderBytes))
            return Error(400, $"The first chunk must hold at least {ContentSniffer.HeaderBytes} bytes.");

        var buffer = ArrayPool<byte>.Shared.Rent((int)length + 1);
        try
        {
            var read = await context.Request.Body.ReadAtLeastAsync(buffer.AsMemory(0, (int)length + 1), (int)length + 1, throwOnEndOfStream: false, context.RequestAborted);
            if (read > length) return Error(413, "The chunk is longer than its Content-Range.");
            if (read < length) return Error(400, "The chunk is shorter than its Content-Range.");
            var data = buffer.AsMemory(0, (int)length);
            if (from == 0 && entry.ContentTypes.Length > 0)
            {
                var sniffed = ContentSniffer.Sniff(data.Span[..Math.Min(data.Length, ContentSniffer.HeaderBytes)]);
                if (sniffed is null || !ContentSniffer.Matches(entry.ContentTypes, sniffed))
                {
                    uploads.Store.Delete(entry);
                    var reason = $"its content is not {string.Join(" or ", entry.ContentTypes)}";
                    services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(UploadEndpoint))
                        .LogWarning("Refused upload {Ref} ({Name}) of view {View}: {Reason} (sniffed {Sniffed})", entry.Ref, entry.Name, entry.View, reason, sniffed ?? "unknown");
                    uploads.Failed(entry, reason);
                    return Error(415, $"{entry.Name}: {reason}.");
                }
            }
            var acknowledged = await uploads.Store.WriteAsync(entry, from, data, contentChecked: from == 0, context.RequestAborted);
            if (acknowledged is null) return Error(410, "The upload was cancelled or has expired.");
            uploads.Changed(entry);
            return Results.Json(new { o = acknowledged });
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The entry the request's token grants, or the failure to answer with.</summary>
    private static async Task<(StoredUpload? Entry, IResult? Failure)> AuthorizeAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var ticket = services.GetRequiredService<UploadTokenService>()
            .Verify(context.Request.Headers[WireNames.UploadTokenHeader].ToString(), context.User, out var error, out var forbidden);
        if (ticket is null) return (null, Error(forbidden ? 403 : 401, error!));
        // The same authorization as the view: a user who lost access to it cannot go on uploading into it.
        if (!services.GetRequiredService<LiveViewRegistry>().TryResolve(ticket.View, out var viewType)
            || !await services.GetRequiredService<ViewAuthorizer>().IsAuthorizedAsync(viewType, context.User))
            return (null, Error(403, "Not authorized to upload to this view."));
        var entry = services.GetRequiredService<UploadService>().Store.Find(ticket.EntryId);
        if (entry is null || entry.Nonce != ticket.Nonce || entry.Upload != ticket.Upload || entry.Ref != ticket.Ref)
            return (null, Error(410, "The upload was cancelled or has expired."));
        return (entry, null);
    }

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    // RFC 9110 §14.4: "bytes" first-pos "-" last-pos "/" complete-length (inclusive positions).
    [GeneratedRegex(@"^bytes (\d{1,18})-(\d{1,18})/(\d{1,18})$")]
    private static partial Regex ContentRange();
}
