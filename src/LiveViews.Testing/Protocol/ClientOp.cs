using System.Text;
using System.Text.Json;
using LiveViews.Diffing;

namespace LiveViews.Testing.Protocol;

/// <summary>
/// A patch op as the harness applies it: its shape, check and list length read by the server's own
/// <see cref="PatchOpJson"/> (so both halves decode ops in one place), and the content of a replace or insert as sent
/// (HTML, or a node list built against the page's DOM).
/// </summary>
internal sealed record ClientOp(PatchOp Op, Content? Content, Content[]? Rows = null)
{
    /// <summary>Reads one op array. Throws <see cref="JsonException"/> on a malformed op.</summary>
    public static ClientOp Read(JsonElement json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json.GetRawText()));
        var op = PatchOpJson.Read(ref reader);
        var content = op.Code switch
        {
            PatchOpCode.Replace => Protocol.Content.Read(json[2]),
            PatchOpCode.Insert => Protocol.Content.Read(json[3]),
            _ => (Content?)null,
        };
        // A stream op's rows: [domId, at, content] each, in its sixth element.
        var rows = op.Code == PatchOpCode.Stream ? json[5].EnumerateArray().Select(r => Protocol.Content.Read(r[2])).ToArray() : null;
        return new ClientOp(op, content, rows);
    }

    /// <summary>Reads an array of ops. Throws <see cref="JsonException"/> when it is not one.</summary>
    public static ClientOp[] ReadAll(JsonElement ops)
    {
        if (ops.ValueKind != JsonValueKind.Array) throw new JsonException("Patch ops must be an array.");
        return [.. ops.EnumerateArray().Select(Read)];
    }

    public override string ToString() => Op.ToString();
}
