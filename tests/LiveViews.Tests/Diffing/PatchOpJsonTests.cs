using System.Text.Json;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Ops are written as exactly the arrays of docs/protocol.md.</summary>
public class PatchOpJsonTests
{
    private static readonly PatchOp[] Ops =
    [
        PatchOp.Replace([0, 2], "<b>x</b>"),
        PatchOp.SetAttribute([0, 3, 1], "class", "done"),
        PatchOp.RemoveAttribute([1], "checked"),
        PatchOp.SetText([0, 0], "a \"q\" \\ \n é"),
        PatchOp.Insert([], 4, "<li>a</li>\n"),
        PatchOp.Remove([0, 7]),
        PatchOp.Move([0], 9, 2),
    ];

    public static IEnumerable<object[]> Cases() =>
    [
        [0, "[0,[0,2],\"<b>x</b>\"]"],
        [1, "[1,[0,3,1],\"class\",\"done\"]"],
        [2, "[2,[1],\"checked\"]"],
        [3, "[3,[0,0],\"a \\\"q\\\" \\\\ \\n é\"]"],
        [4, "[4,[],4,\"<li>a</li>\\n\"]"],
        [5, "[5,[0,7]]"],
        [6, "[6,[0],9,2]"],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_protocol_arrays_and_reads_them_back(int index, string json)
    {
        var op = Ops[index];
        Assert.Equal(json, PatchOpJson.ToJson(op));
        var relaxed = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        Assert.Equal(json, JsonSerializer.Serialize(op, relaxed));
        var back = JsonSerializer.Deserialize<PatchOp>(json)!;
        Assert.Equal(json, PatchOpJson.ToJson(back));
    }

    [Fact]
    public void Writes_into_a_caller_writer_like_the_reply_converter()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("o");
            PatchOpJson.Write(writer, PatchOp.Remove([1]));
            PatchOpJson.Write(writer, PatchOp.SetText([0], "<x>"));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        // The default encoder \u-escapes '<' and '>'; the JSON value is the same.
        Assert.Equal("{\"o\":[[5,[1]],[3,[0],\"\\u003Cx\\u003E\"]]}", text);
        Assert.Equal("<x>", JsonDocument.Parse(text).RootElement.GetProperty("o")[1][2].GetString());
    }

    [Fact]
    public void Malformed_ops_are_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<PatchOp>("[9,[0]]"));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<PatchOp>("[1,[0],\"a\"]"));
    }
}
