using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveViews.Diffing;

/// <summary>
/// Writes (and, for tests and tools, reads) patch ops as the JSON arrays of docs/protocol.md:
/// <c>[0,path,content,check,count]</c>, <c>[1,path,name,value,nodeName,count]</c>, <c>[2,path,name,nodeName,count]</c>,
/// <c>[3,path,text,count]</c> or <c>[3,path,data,count,"#comment"]</c>, <c>[4,parentPath,index,content,nodeName,count]</c>,
/// <c>[5,path,check,count]</c>, <c>[6,parentPath,from,to,nodeName,count]</c>, <c>[7,path,reset,limit,deletes,inserts,nodeName,count]</c>. Content is an HTML string or a node list
/// (<see cref="NodeListJson"/>); the check is the DOM nodeName the target must have and count the number of children
/// of the list the op works in (docs/protocol.md, "Verification").
/// </summary>
internal static class PatchOpJson
{
    /// <summary>
    /// Writer options for standalone output: HTML-significant characters are not \u-escaped (the JSON is a SignalR
    /// frame or a file, never inlined in a page), which keeps op HTML about 5x smaller than the default escaping.
    /// </summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes one op as a JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, PatchOp op)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue((int)op.Code);
        writer.WriteStartArray();
        foreach (var i in op.Path) writer.WriteNumberValue(i);
        writer.WriteEndArray();
        switch (op.Code)
        {
            case PatchOpCode.Replace:
                WriteContent(writer, op.Content);
                break;
            case PatchOpCode.SetText:
                writer.WriteStringValue(op.Value);
                writer.WriteNumberValue(op.Count);
                if (op.Check != NodeCheck.Text) writer.WriteStringValue(op.Check.NodeName);
                writer.WriteEndArray();
                return;
            case PatchOpCode.SetAttribute:
                writer.WriteStringValue(op.Name);
                writer.WriteStringValue(op.Value);
                break;
            case PatchOpCode.RemoveAttribute:
                writer.WriteStringValue(op.Name);
                break;
            case PatchOpCode.Insert:
                writer.WriteNumberValue(op.Index);
                WriteContent(writer, op.Content);
                break;
            case PatchOpCode.Move:
                writer.WriteNumberValue(op.Index);
                writer.WriteNumberValue(op.To);
                break;
            case PatchOpCode.Stream:
                var stream = op.Stream!;
                writer.WriteNumberValue(stream.Reset ? 1 : 0);
                writer.WriteNumberValue(stream.Limit);
                writer.WriteStartArray();
                foreach (var id in stream.Deletes) writer.WriteStringValue(id);
                writer.WriteEndArray();
                writer.WriteStartArray();
                foreach (var insert in stream.Inserts)
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(insert.DomId);
                    writer.WriteNumberValue(insert.At);
                    WriteContent(writer, insert.Content);
                    writer.WriteEndArray();
                }
                writer.WriteEndArray();
                break;
        }
        if (op.Code != PatchOpCode.SetText) writer.WriteStringValue(op.Check.NodeName);
        if (op.Count >= 0) writer.WriteNumberValue(op.Count);
        writer.WriteEndArray();
    }

    /// <summary>Writes content: an HTML string, or a node list (built under <see cref="PatchContent.ParentNamespace"/>).</summary>
    public static void WriteContent(Utf8JsonWriter writer, PatchContent content)
    {
        if (content.Nodes is { } nodes) NodeListJson.Write(writer, nodes, content.ParentNamespace);
        else writer.WriteStringValue(content.Html);
    }

    /// <summary>Writes ops as one JSON array.</summary>
    public static void WriteAll(Utf8JsonWriter writer, IReadOnlyList<PatchOp> ops)
    {
        writer.WriteStartArray();
        for (int i = 0; i < ops.Count; i++) Write(writer, ops[i]);
        writer.WriteEndArray();
    }

    /// <summary>Serializes ops as a UTF-8 JSON array into <paramref name="buffer"/>; returns the number of bytes written.</summary>
    public static int WriteAll(IBufferWriter<byte> buffer, IReadOnlyList<PatchOp> ops)
    {
        using var writer = new Utf8JsonWriter(buffer, WriterOptions);
        WriteAll(writer, ops);
        writer.Flush();
        return (int)writer.BytesCommitted;
    }

    /// <summary>Returns the JSON array of one op.</summary>
    public static string ToJson(PatchOp op)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) Write(writer, op);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Returns the JSON array of a list of ops.</summary>
    public static string ToJson(IReadOnlyList<PatchOp> ops)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteAll(buffer, ops);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Returns content as JSON (a string or a node list).</summary>
    public static string ToJson(PatchContent content)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) WriteContent(writer, content);
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one op array. Throws <see cref="JsonException"/> on a malformed op.</summary>
    public static PatchOp Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.None) reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        var code = (PatchOpCode)ReadInt(ref reader);
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        var path = new List<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) path.Add(reader.GetInt32());
        var p = path.ToArray();
        PatchOp op;
        switch (code)
        {
            case PatchOpCode.Replace:
            {
                var content = ReadContent(ref reader);
                var check = ReadCheck(ref reader);
                op = PatchOp.Replace(p, content, check, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.SetAttribute:
            {
                var name = ReadString(ref reader);
                var value = ReadString(ref reader);
                var nodeName = ReadString(ref reader);
                op = PatchOp.SetAttribute(p, name, value, nodeName, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.RemoveAttribute:
            {
                var name = ReadString(ref reader);
                var nodeName = ReadString(ref reader);
                op = PatchOp.RemoveAttribute(p, name, nodeName, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.SetText:
            {
                var text = ReadString(ref reader);
                var count = ReadInt(ref reader);
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndArray) return PatchOp.SetText(p, text, count);
                op = PatchOp.SetText(p, text, count, comment: reader.GetString() == NodeCheck.Comment.NodeName);
                break;
            }
            case PatchOpCode.Insert:
            {
                var index = ReadInt(ref reader);
                var content = ReadContent(ref reader);
                var name = ReadString(ref reader);
                op = PatchOp.Insert(p, index, content, name, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.Remove:
            {
                var check = ReadCheck(ref reader);
                op = PatchOp.Remove(p, check, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.Move:
            {
                var from = ReadInt(ref reader);
                var to = ReadInt(ref reader);
                var name = ReadString(ref reader);
                op = PatchOp.Move(p, from, to, name, ReadInt(ref reader));
                break;
            }
            case PatchOpCode.Stream:
            {
                bool reset = ReadInt(ref reader) != 0;
                int limit = ReadInt(ref reader);
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                var deletes = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) deletes.Add(reader.GetString()!);
                reader.Read();
                Expect(ref reader, JsonTokenType.StartArray);
                var inserts = new List<StreamInsert>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Expect(ref reader, JsonTokenType.StartArray);
                    var id = ReadString(ref reader);
                    var at = ReadInt(ref reader);
                    inserts.Add(new StreamInsert(id, at, ReadContent(ref reader)));
                    reader.Read();
                    Expect(ref reader, JsonTokenType.EndArray);
                }
                var name = ReadString(ref reader);
                op = PatchOp.StreamRows(p, new StreamChange(reset, limit, deletes, inserts), name, ReadInt(ref reader));
                break;
            }
            default:
                throw new JsonException($"Unknown patch op code {(int)code}.");
        }
        reader.Read();
        Expect(ref reader, JsonTokenType.EndArray);
        return op;
    }

    /// <summary>Reads content (a string or a node list); the reader is before it.</summary>
    public static PatchContent ReadContent(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String
            ? PatchContent.FromHtml(reader.GetString()!)
            : PatchContent.FromNodes(NodeListJson.Read(ref reader), VNamespace.Html);
    }

    private static NodeCheck ReadCheck(ref Utf8JsonReader reader) => new(ReadString(ref reader));

    private static int ReadInt(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.Number);
        return reader.GetInt32();
    }

    private static string ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.String);
        return reader.GetString()!;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new JsonException($"Expected {type} in a patch op, found {reader.TokenType}.");
    }
}

/// <summary>System.Text.Json converter for <see cref="PatchOp"/> (the protocol's array form).</summary>
internal sealed class PatchOpJsonConverter : JsonConverter<PatchOp>
{
    public override PatchOp Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => PatchOpJson.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, PatchOp value, JsonSerializerOptions options) => PatchOpJson.Write(writer, value);
}

/// <summary>
/// System.Text.Json converter for a full render (<c>h</c> of a reply or join result): an HTML string, or a node list
/// when the tree's HTML would not re-parse the same (docs/protocol.md, "Content").
/// </summary>
internal sealed class PatchContentJsonConverter : JsonConverter<PatchContent>
{
    public override PatchContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? PatchContent.FromHtml(reader.GetString()!) : PatchContent.FromNodes(NodeListJson.Read(ref reader), VNamespace.Html);

    public override void Write(Utf8JsonWriter writer, PatchContent value, JsonSerializerOptions options) => PatchOpJson.WriteContent(writer, value);
}
