using System.Text.Json;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Ops are written as exactly the arrays of docs/protocol.md.</summary>
public class PatchOpJsonTests
{
    private static readonly VNode[] Nested =
    [
        new VElement("a", VNamespace.Html, [new("href", "#")], [new VElement("a", VNamespace.Html, [], [new VText("x")])]),
        new VElement("svg", VNamespace.Svg, [], [new VElement("circle", VNamespace.Svg, [new("r", "1")], []), new VComment("c")]),
    ];

    private static readonly PatchOp[] Ops =
    [
        PatchOp.Replace([0, 2], PatchContent.FromHtml("<b>x</b>"), NodeCheck.Text, 3),
        PatchOp.SetAttribute([0, 3, 1], "class", "done", "LI", 4),
        PatchOp.RemoveAttribute([1], "checked", "INPUT", 2),
        PatchOp.SetText([0, 0], "a \"q\" \\ \n é", 1),
        PatchOp.SetText([2], "note", 3, comment: true),
        PatchOp.Insert([], 4, PatchContent.FromHtml("<li>a</li>\n"), "DIV", 4),
        PatchOp.Insert([3], 0, PatchContent.FromNodes(Nested, VNamespace.Html), "DIV", 0),
        PatchOp.Remove([0, 7], new NodeCheck("circle"), 8),
        PatchOp.Move([0], 9, 2, "UL", 10),
    ];

    public static IEnumerable<object[]> Cases() =>
    [
        [0, "[0,[0,2],\"<b>x</b>\",\"#text\",3]"],
        [1, "[1,[0,3,1],\"class\",\"done\",\"LI\",4]"],
        [2, "[2,[1],\"checked\",\"INPUT\",2]"],
        [3, "[3,[0,0],\"a \\\"q\\\" \\\\ \\n é\",1]"],
        [4, "[3,[2],\"note\",3,\"#comment\"]"],
        [5, "[4,[],4,\"<li>a</li>\\n\",\"DIV\",4]"],
        [6, "[4,[3],0,[[\"\",\"a\",[\"href\",\"#\"],[\"\",\"a\",[],\"x\"]],[\"http://www.w3.org/2000/svg\",\"svg\",[],[\"\",\"circle\",[\"r\",\"1\"]],[8,\"c\"]]],\"DIV\",0]"],
        [7, "[5,[0,7],\"circle\",8]"],
        [8, "[6,[0],9,2,\"UL\",10]"],
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
            PatchOpJson.Write(writer, PatchOp.Remove([1], NodeCheck.Text, 2));
            PatchOpJson.Write(writer, PatchOp.SetText([0], "<x>", 1));
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        // The default encoder \u-escapes '<' and '>'; the JSON value is the same.
        Assert.Equal("{\"o\":[[5,[1],\"#text\",2],[3,[0],\"\\u003Cx\\u003E\",1]]}", text);
        Assert.Equal("<x>", JsonDocument.Parse(text).RootElement.GetProperty("o")[1][2].GetString());
    }

    [Fact]
    public void Malformed_ops_are_rejected()
    {
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<PatchOp>("[9,[0]]"));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<PatchOp>("[1,[0],\"a\"]"));
    }
}
