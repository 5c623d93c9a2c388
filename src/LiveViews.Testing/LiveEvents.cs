using System.Text.Json;

namespace LiveViews.Testing;

/// <summary>
/// An event the client reported as failed or lost (the browser's <c>lv:error</c>): an error reply for event
/// <paramref name="Ref"/>, an event in flight when the connection dropped, or one the outbox dropped (ref 0).
/// </summary>
/// <param name="ViewId">The server's id of the view.</param>
/// <param name="Handler">The handler the event was for.</param>
/// <param name="Message">The server's error message, or why the event was lost.</param>
/// <param name="Ref">The event's ref, or 0 when it was never sent.</param>
public sealed record LiveError(string ViewId, string Handler, string Message, long Ref);

/// <summary>An event the server pushed to the page's client hooks (<c>PushEvent(name, payload)</c>).</summary>
/// <param name="ViewId">The server's id of the view.</param>
/// <param name="Name">The event name.</param>
/// <param name="Payload">The JSON payload.</param>
public sealed record LivePushedEvent(string ViewId, string Name, JsonElement Payload)
{
    /// <summary>The payload deserialized as <typeparamref name="T"/> (property names case-insensitive).</summary>
    public T? PayloadAs<T>() => Payload.Deserialize<T>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
}

/// <summary>A <c>p</c> reply the page applied (docs/protocol.md, "Reply"), for assertions on the wire itself.</summary>
/// <param name="ViewId">The server's id of the view.</param>
/// <param name="Ref">The event ref it answers (0 for a server push).</param>
/// <param name="Ack">The highest ref the server has processed.</param>
/// <param name="Version">The view version.</param>
/// <param name="Error">The error for event <paramref name="Ref"/>, or null.</param>
/// <param name="Json">The reply as sent, JSON.</param>
public sealed record LiveReply(string ViewId, long Ref, long Ack, long Version, string? Error, JsonElement Json)
{
    /// <summary>The view's patch ops as JSON (<c>o</c>), e.g. <c>[[3,[2,0],"6",1]]</c> (docs/protocol.md, "Patch operations").</summary>
    public string Ops => Json.TryGetProperty("o", out var o) ? o.GetRawText() : "[]";

    /// <summary>The ops of live component <paramref name="id"/> as JSON (from <c>c</c>), or null when the reply has none for it.</summary>
    public string? ComponentOps(string id) =>
        Json.TryGetProperty("c", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty(id, out var ops) ? ops.GetRawText() : null;

    /// <summary>The ids of the live components the reply patches.</summary>
    public IReadOnlyList<string> Components =>
        Json.TryGetProperty("c", out var c) && c.ValueKind == JsonValueKind.Object ? [.. c.EnumerateObject().Select(p => p.Name)] : [];

    /// <summary>True when it carries a full render (<c>h</c>: HTML, or a node list after a patch that did not fit).</summary>
    public bool IsFullRender => Json.TryGetProperty("h", out var h) && h.ValueKind is JsonValueKind.String or JsonValueKind.Array;
}
