using System.Text.Json.Serialization;

namespace LiveViews.Protocol;

/// <summary>Handler metadata as sent in the join reply: <c>{"o":1,"d":300,"w":0,"t":100}</c> with zero fields omitted.</summary>
internal sealed record HandlerMeta(
    [property: JsonPropertyName("o"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Optimistic,
    [property: JsonPropertyName("d"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Debounce,
    [property: JsonPropertyName("w"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int MaxWait,
    [property: JsonPropertyName("t"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int Throttle);
