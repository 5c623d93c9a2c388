using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>
/// What the client must do besides patching (docs/protocol.md, "Effects"), the <c>s</c> field of a reply, a join result
/// or a navigation result: <c>{"u":url,"g":url,"r":1,"l":url,"f":[kind,message],"c":signedFlash}</c>, absent fields omitted.
/// <c>u</c>: the view now shows this URL (the server already ran <c>HandleParamsAsync</c>): update the history;
/// <c>g</c>: navigate live to this URL; <c>r</c>: 1 = replace the history entry (with <c>u</c> or <c>g</c>);
/// <c>l</c>: load this URL (a full page load); <c>f</c>: a flash; <c>c</c>: the flash signed, for the page that a
/// <c>g</c> or <c>l</c> leads to (the client sets it as the flash cookie when that is a page load).
/// </summary>
internal sealed record ClientEffects(
    [property: JsonPropertyName("u"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url = null,
    [property: JsonPropertyName("g"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Navigate = null,
    [property: JsonPropertyName("r"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Replace = 0,
    [property: JsonPropertyName("l"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Load = null,
    [property: JsonPropertyName("f"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string[]? Flash = null,
    [property: JsonPropertyName("c"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CarriedFlash = null);
