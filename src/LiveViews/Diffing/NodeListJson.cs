using System.Text.Json;
using AngleSharp.Dom;

namespace LiveViews.Diffing;

/// <summary>
/// The node-list form of content (docs/protocol.md, "Content"), for nodes whose HTML would not re-parse the same and
/// which the client builds with DOM calls: a text node is a JSON string; a comment is <c>[8, data]</c>; an element is
/// <c>[ns, tag, [name, value, …], …children]</c>, where ns is the namespace URI, or <c>""</c> when it is the namespace
/// of the element it is built under (a template's children are its content).
/// </summary>
internal static class NodeListJson
{
    /// <summary>Writes <paramref name="nodes"/>, to be built under an element of namespace <paramref name="parent"/>, as a JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, ReadOnlySpan<VNode> nodes, VNamespace parent)
    {
        writer.WriteStartArray();
        foreach (var n in nodes) WriteNode(writer, n, parent);
        writer.WriteEndArray();
    }

    private static void WriteNode(Utf8JsonWriter writer, VNode node, VNamespace parent)
    {
        switch (node)
        {
            case VText t:
                writer.WriteStringValue(t.Data);
                break;
            case VComment c:
                writer.WriteStartArray();
                writer.WriteNumberValue(8);
                writer.WriteStringValue(c.Data);
                writer.WriteEndArray();
                break;
            case VComponent component:
                WriteNode(writer, component.Content.Root, parent);
                break;
            case VElement e:
                writer.WriteStartArray();
                writer.WriteStringValue(e.Namespace == parent ? "" : Uri(e.Namespace));
                writer.WriteStringValue(e.Tag);
                writer.WriteStartArray();
                foreach (var a in e.Attributes)
                {
                    writer.WriteStringValue(a.Name);
                    writer.WriteStringValue(a.Value);
                }
                writer.WriteEndArray();
                foreach (var c in e.Children) WriteNode(writer, c, e.Namespace);
                writer.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException("A skeleton placeholder cannot be serialized.");
        }
    }

    private static string Uri(VNamespace ns) => ns switch
    {
        VNamespace.Svg => NamespaceNames.SvgUri,
        VNamespace.MathML => NamespaceNames.MathMlUri,
        _ => NamespaceNames.HtmlUri,
    };

    /// <summary>Reads a node list built under an HTML element (the reader is on its start array). Throws <see cref="JsonException"/> when malformed.</summary>
    public static VNode[] Read(ref Utf8JsonReader reader) => ReadList(ref reader, VNamespace.Html);

    private static VNode[] ReadList(ref Utf8JsonReader reader, VNamespace parent)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var nodes = new ChildListBuilder();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) nodes.Add(ReadNode(ref reader, parent));
        return nodes.ToArrayAndClear();
    }

    private static VNode ReadNode(ref Utf8JsonReader reader, VNamespace parent)
    {
        if (reader.TokenType == JsonTokenType.String) return new VText(reader.GetString()!);
        Expect(ref reader, JsonTokenType.StartArray);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.GetInt32() != 8) throw new JsonException("Unknown node kind.");
            reader.Read();
            var data = reader.GetString()!;
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            return new VComment(data);
        }
        var uri = reader.GetString()!;
        var ns = uri.Length == 0 ? parent
            : uri == NamespaceNames.SvgUri ? VNamespace.Svg
            : uri == NamespaceNames.MathMlUri ? VNamespace.MathML
            : uri == NamespaceNames.HtmlUri ? VNamespace.Html
            : throw new JsonException($"Unknown namespace {uri}.");
        reader.Read();
        var tag = reader.GetString()!;
        reader.Read();
        Expect(ref reader, JsonTokenType.StartArray);
        var attributes = new List<HtmlAttribute>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.GetString()!;
            reader.Read();
            attributes.Add(new HtmlAttribute(name, reader.GetString()!));
        }
        var children = new ChildListBuilder();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) children.Add(ReadNode(ref reader, ns));
        return new VElement(tag, ns, attributes.ToArray(), children.ToArrayAndClear());
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type) throw new JsonException($"Expected {type} in a node list, found {reader.TokenType}.");
    }
}
