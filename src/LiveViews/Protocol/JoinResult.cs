using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>
/// Answer to <c>join</c>: <c>{"id":viewId,"v":version,"h":content|null,"m":{handler:meta},"n":node?,"s":effects?}</c>. <c>h</c>
/// (HTML or a node list) is null when the connected render equals the page's (by hash); <c>n</c> is the mounting server's
/// <see cref="Hosting.LiveViewOptions.NodeName"/>, omitted when none is set; <c>s</c> what the mount and
/// <c>HandleParamsAsync</c> asked for (<see cref="ClientEffects"/>), omitted when nothing; <c>r</c> the view's resume key,
/// which a rejoin after a reconnect sends back (<c>{"t","u"?,"r"}</c>) to re-attach to this instance while this server
/// retains it (omitted when <see cref="Hosting.LiveViewOptions.ReconnectRetention"/> is zero).
/// <c>o</c> ops applied after <c>h</c>
/// (or on the page's DOM when <c>h</c> is null): the view's stream containers reset to the rows the mount inserted.
/// </summary>
internal sealed record JoinResult(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("v")] long Version,
    [property: JsonPropertyName("h")] Diffing.PatchContent? Html,
    [property: JsonPropertyName("m")] IReadOnlyDictionary<string, HandlerMeta> Handlers,
    [property: JsonPropertyName("n"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Node = null,
    [property: JsonPropertyName("s"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ClientEffects? Effects = null,
    [property: JsonPropertyName(WireNames.ResumeKey), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResumeKey = null,
    [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Diffing.PatchOp>? Ops = null);
