using System.Text.Json;

namespace LiveViews.Testing.Protocol;

/// <summary>Per-handler metadata (docs/protocol.md, <c>HandlerMeta</c>): optimistic, debounce, max wait and throttle in ms.</summary>
internal readonly record struct HandlerMeta(bool Optimistic, int Debounce, int MaxWait, int Throttle)
{
    /// <summary>Reads <c>{ handler: {o?, d?, w?, t?} }</c>; a missing or malformed document reads as no metadata.</summary>
    public static Dictionary<string, HandlerMeta> ReadAll(JsonElement json)
    {
        var all = new Dictionary<string, HandlerMeta>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object) return all;
        foreach (var handler in json.EnumerateObject())
        {
            if (handler.Value.ValueKind != JsonValueKind.Object) continue;
            int Int(string name) => handler.Value.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;
            all[handler.Name] = new HandlerMeta(Int("o") != 0, Int("d"), Int("w"), Int("t"));
        }
        return all;
    }

    /// <summary>Reads the JSON text of a <c>data-lv-m</c> attribute (or null).</summary>
    public static Dictionary<string, HandlerMeta> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return new(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            return ReadAll(document.RootElement);
        }
        catch (JsonException) { return new(StringComparer.Ordinal); }
    }
}

/// <summary>The answer to <c>join</c>: view id, version, the root's content when it changed (HTML or a node list), handler metadata, node name, resume key, ops after the content (stream resets).</summary>
internal sealed record JoinReply(string Id, long Version, Content? Html, Dictionary<string, HandlerMeta> Meta, string? Node, string? ResumeKey = null, IReadOnlyList<ClientOp>? Ops = null)
{
    /// <summary>Decodes a join result. Throws <see cref="JsonException"/> or <see cref="KeyNotFoundException"/> for a malformed one.</summary>
    public static JoinReply Read(JsonElement json) => new(
        json.GetProperty("id").GetString()!,
        json.TryGetProperty("v", out var v) ? v.GetInt64() : 0,
        Content.ReadOptional(json, "h"),
        json.TryGetProperty("m", out var m) ? HandlerMeta.ReadAll(m) : new(StringComparer.Ordinal),
        json.TryGetProperty("n", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null,
        json.TryGetProperty("r", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
        json.TryGetProperty("o", out var o) ? ClientOp.ReadAll(o) : null);
}

/// <summary>
/// A <c>p</c> reply (docs/protocol.md, "Reply") decoded; its ops are read by the server's own <see cref="PatchOpJson"/>
/// (<see cref="ClientOp"/>), so the op shapes are decoded in one place for both halves.
/// </summary>
internal sealed record ClientReply(
    long Ref, long Ack, long Version, IReadOnlyList<ClientOp> Ops, string? Error, Content? Html,
    IReadOnlyList<KeyValuePair<string, IReadOnlyList<ClientOp>>> Components, IReadOnlyList<KeyValuePair<string, JsonElement>> Events, JsonElement Raw)
{
    /// <summary>Decodes a reply. Throws <see cref="JsonException"/> for a malformed one.</summary>
    public static ClientReply Read(JsonElement json)
    {
        var raw = json.Clone();
        var components = new List<KeyValuePair<string, IReadOnlyList<ClientOp>>>();
        if (raw.TryGetProperty("c", out var c) && c.ValueKind == JsonValueKind.Object)
            foreach (var component in c.EnumerateObject()) components.Add(new(component.Name, ClientOp.ReadAll(component.Value)));
        var events = new List<KeyValuePair<string, JsonElement>>();
        if (raw.TryGetProperty("x", out var x) && x.ValueKind == JsonValueKind.Array)
            foreach (var e in x.EnumerateArray()) events.Add(new(e[0].GetString()!, e.GetArrayLength() > 1 ? e[1].Clone() : default));
        long reference = raw.TryGetProperty("r", out var r) ? r.GetInt64() : 0;
        return new ClientReply(
            reference,
            raw.TryGetProperty("a", out var a) ? a.GetInt64() : reference, // left off when equal to r
            raw.TryGetProperty("v", out var v) ? v.GetInt64() : 0,
            raw.TryGetProperty("o", out var o) ? ClientOp.ReadAll(o) : [],
            raw.TryGetProperty("e", out var err) && err.ValueKind == JsonValueKind.String ? err.GetString() : null,
            Content.ReadOptional(raw, "h"),
            components, events, raw);
    }
}

/// <summary>The client options a page carries (<c>window.__lv = { c: { t, q, a } }</c>): reply timeout, outbox capacity, outbox age.</summary>
internal sealed record ClientOptions(TimeSpan ReplyTimeout, int OutboxCapacity, TimeSpan OutboxMaxAge)
{
    public static readonly ClientOptions Default = new(TimeSpan.FromSeconds(10), 100, TimeSpan.FromSeconds(60));

    /// <summary>Reads the options from the page's inline script (<c>window.__lv={c:{"t":…,"q":…,"a":…}}</c>); defaults for what is missing.</summary>
    public static ClientOptions FromPage(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, @"window\.__lv=\{c:(\{[^}]*\})\}");
        if (!match.Success) return Default;
        try
        {
            using var document = JsonDocument.Parse(match.Groups[1].Value);
            var c = document.RootElement;
            return new ClientOptions(
                c.TryGetProperty("t", out var t) ? TimeSpan.FromMilliseconds(t.GetDouble()) : Default.ReplyTimeout,
                c.TryGetProperty("q", out var q) ? q.GetInt32() : Default.OutboxCapacity,
                c.TryGetProperty("a", out var a) ? TimeSpan.FromMilliseconds(a.GetDouble()) : Default.OutboxMaxAge);
        }
        catch (JsonException) { return Default; }
    }
}
