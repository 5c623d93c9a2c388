using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveViews.Diffing;

/// <summary>
/// Writes (and, for tests and tools, reads) patch ops as the JSON arrays of docs/protocol.md:
/// <c>[0,path,html]</c>, <c>[1,path,name,value]</c>, <c>[2,path,name]</c>, <c>[3,path,text]</c>,
/// <c>[4,parentPath,index,html]</c>, <c>[5,path]</c>, <c>[6,parentPath,from,to]</c>.
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
            case PatchOpCode.SetText:
                writer.WriteStringValue(op.Value);
                break;
            case PatchOpCode.SetAttribute:
                writer.WriteStringValue(op.Name);
                writer.WriteStringValue(op.Value);
                break;
            case PatchOpCode.RemoveAttribute:
                writer.WriteStringValue(op.Name);
                break;
            case PatchOpCode.Insert:
                writer.WriteNumberValue(op.Index);
                writer.WriteStringValue(op.Value);
                break;
            case PatchOpCode.Move:
                writer.WriteNumberValue(op.Index);
                writer.WriteNumberValue(op.To);
                break;
        }
        writer.WriteEndArray();
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
        PatchOp op = code switch
        {
            PatchOpCode.Replace => PatchOp.Replace(p, ReadString(ref reader)),
            PatchOpCode.SetAttribute => PatchOp.SetAttribute(p, ReadString(ref reader), ReadString(ref reader)),
            PatchOpCode.RemoveAttribute => PatchOp.RemoveAttribute(p, ReadString(ref reader)),
            PatchOpCode.SetText => PatchOp.SetText(p, ReadString(ref reader)),
            PatchOpCode.Insert => PatchOp.Insert(p, ReadInt(ref reader), ReadString(ref reader)),
            PatchOpCode.Remove => PatchOp.Remove(p),
            PatchOpCode.Move => PatchOp.Move(p, ReadInt(ref reader), ReadInt(ref reader)),
            _ => throw new JsonException($"Unknown patch op code {(int)code}."),
        };
        reader.Read();
        Expect(ref reader, JsonTokenType.EndArray);
        return op;
    }

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
