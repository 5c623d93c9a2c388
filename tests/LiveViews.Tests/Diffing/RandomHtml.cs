using System.Text;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Random HTML documents and random edits of them, for property tests. A small model (elements, text, comments) is
/// generated, edited and rendered, so old and new documents are related the way consecutive renders are.
/// </summary>
internal sealed class RandomHtml(int seed)
{
    private static readonly string[] Words = ["alpha", "beta", "a & b", "x < y", "\"quoted\"", "it's", "<img src=x onerror=alert(1)>", "  spaced  ", "é ü ß", "\u00a0nbsp"];
    // Valid nesting only (templates produce valid HTML): no <p> (auto-closed by blocks), no text directly in tables.
    private static readonly string[] Containers = ["div", "span", "section", "b", "em", "label"];
    private static readonly string[] AttrNames = ["class", "title", "data-x", "aria-label", "value", "lang"];
    private readonly Random _random = new(seed);
    private int _nextKey;

    public abstract class Node;
    public sealed class Element(string tag) : Node
    {
        public string Tag { get; set; } = tag;
        public List<(string Name, string Value)> Attributes { get; } = [];
        public List<Node> Children { get; } = [];
        /// <summary>Children of a keyed list are wrapped in segment markers when true.</summary>
        public bool Segmented { get; set; }
    }
    public sealed class Text(string value) : Node { public string Value { get; set; } = value; }
    public sealed class Comment(string value) : Node { public string Value { get; set; } = value; }

    /// <summary>A random tree with roughly <paramref name="size"/> nodes.</summary>
    public Element Tree(int size)
    {
        var root = new Element("root");
        var budget = size;
        Fill(root, 0, ref budget);
        return root;
    }

    private void Fill(Element parent, int depth, ref int budget)
    {
        var count = _random.Next(0, 6);
        for (var i = 0; i < count && budget > 0; i++, budget--) parent.Children.Add(NewNode(depth, ref budget));
    }

    private Node NewNode(int depth, ref int budget)
    {
        switch (_random.Next(depth > 3 ? 3 : 10))
        {
            case 0: case 1: return new Text(Pick(Words));
            case 2: return new Comment("note " + _random.Next(100));
            case 3: return KeyedList(ref budget);
            case 4: return Table(ref budget);
            case 5: { var input = new Element("input"); input.Attributes.Add(("type", "checkbox")); if (_random.Next(2) == 0) input.Attributes.Add(("checked", "")); return input; }
            default:
                var element = new Element(Pick(Containers));
                AddRandomAttributes(element);
                Fill(element, depth + 1, ref budget);
                return element;
        }
    }

    public Element KeyedList(ref int budget)
    {
        var list = new Element("ul") { Segmented = _random.Next(2) == 0 };
        var rows = _random.Next(0, 8);
        for (var i = 0; i < rows; i++, budget--) list.Children.Add(Row());
        return list;
    }

    public Element Row()
    {
        var li = new Element("li");
        li.Attributes.Add(("id", "row-" + _nextKey++));
        if (_random.Next(2) == 0) li.Attributes.Add(("class", "done"));
        li.Children.Add(new Text(Pick(Words)));
        return li;
    }

    private Element Table(ref int budget)
    {
        var table = new Element("table");
        var body = new Element("tbody") { Segmented = _random.Next(2) == 0 };
        table.Children.Add(body);
        var rows = _random.Next(0, 5);
        for (var i = 0; i < rows; i++, budget--)
        {
            var tr = new Element("tr");
            tr.Attributes.Add(("id", "tr-" + _nextKey++));
            var td = new Element("td");
            td.Children.Add(new Text(Pick(Words)));
            tr.Children.Add(td);
            body.Children.Add(tr);
        }
        return table;
    }

    private void AddRandomAttributes(Element element)
    {
        foreach (var name in AttrNames)
            if (_random.Next(4) == 0) element.Attributes.Add((name, Pick(Words)));
    }

    /// <summary>Applies 1 to 4 random edits anywhere in the tree (in place).</summary>
    public void Mutate(Element root)
    {
        var edits = _random.Next(1, 5);
        for (var i = 0; i < edits; i++)
        {
            var elements = new List<Element>();
            Collect(root, elements);
            var target = elements[_random.Next(elements.Count)];
            Edit(target);
        }
    }

    private void Edit(Element target)
    {
        if (target.Tag is "table" or "tr" or "td") { AddRandomAttributes(target); return; }
        var keyed = target.Tag is "ul" or "tbody";
        switch (_random.Next(9))
        {
            case 0 when target.Tag != "root": // attribute set / change / remove
                if (target.Attributes.Count > 0 && _random.Next(2) == 0) target.Attributes.RemoveAt(_random.Next(target.Attributes.Count));
                else
                {
                    var name = Pick(AttrNames);
                    target.Attributes.RemoveAll(a => a.Name == name);
                    target.Attributes.Insert(_random.Next(target.Attributes.Count + 1), (name, Pick(Words)));
                }
                break;
            case 1 when !keyed: // text edit
                foreach (var text in target.Children.OfType<Text>()) { text.Value = Pick(Words) + _random.Next(10); break; }
                break;
            case 2 when target.Children.Count > 0: // remove a child
                target.Children.RemoveAt(_random.Next(target.Children.Count));
                break;
            case 3: // insert a child
                var budget = 6;
                Node child = keyed ? (target.Tag == "ul" ? Row() : TableRow()) : NewNode(2, ref budget);
                target.Children.Insert(_random.Next(target.Children.Count + 1), child);
                break;
            case 4 when target.Children.Count > 1: // move a child
                var from = _random.Next(target.Children.Count);
                var moved = target.Children[from];
                target.Children.RemoveAt(from);
                target.Children.Insert(_random.Next(target.Children.Count + 1), moved);
                break;
            case 5 when keyed: // shuffle the rows
                var shuffled = target.Children.OrderBy(_ => _random.Next()).ToList();
                target.Children.Clear();
                target.Children.AddRange(shuffled);
                break;
            case 6 when target.Tag is "div" or "span" or "section" or "b" or "em" or "label": // tag change
                target.Tag = Pick(Containers);
                break;
            case 7 when target.Children.Count > 0 && !keyed: // node type change
                var at = _random.Next(target.Children.Count);
                target.Children[at] = target.Children[at] is Text ? new Comment("was text") : new Text(Pick(Words));
                break;
            default: // class toggle on a row-like element
                var index = target.Attributes.FindIndex(a => a.Name == "class");
                if (index >= 0) target.Attributes[index] = ("class", target.Attributes[index].Value == "done" ? "" : "done");
                else target.Attributes.Add(("class", "done"));
                break;
        }
    }

    private Element TableRow()
    {
        var tr = new Element("tr");
        tr.Attributes.Add(("id", "tr-" + _nextKey++));
        var td = new Element("td");
        td.Children.Add(new Text(Pick(Words)));
        tr.Children.Add(td);
        return tr;
    }

    private static void Collect(Element element, List<Element> into)
    {
        into.Add(element);
        foreach (var child in element.Children.OfType<Element>()) Collect(child, into);
    }

    /// <summary>Renders the children of the root as a template would (with segment markers where a list is segmented).</summary>
    public static string Render(Element root)
    {
        var sb = new StringBuilder();
        foreach (var child in root.Children) Render(child, sb, segmented: false, insideSegment: false);
        return sb.ToString();
    }

    private static void Render(Node node, StringBuilder sb, bool segmented, bool insideSegment)
    {
        if (segmented) sb.Append(LiveViews.Diffing.SegmentMarkers.Start);
        switch (node)
        {
            case Text t: sb.Append(System.Net.WebUtility.HtmlEncode(t.Value)); break;
            case Comment c: sb.Append("<!--").Append(c.Value).Append("-->"); break;
            case Element e:
                sb.Append('<').Append(e.Tag);
                foreach (var (name, value) in e.Attributes) sb.Append(' ').Append(name).Append("=\"").Append(System.Net.WebUtility.HtmlEncode(value)).Append('"');
                sb.Append('>');
                if (e.Tag is "input" or "br" or "img") break;
                if (e.Segmented) sb.Append('\n');
                // Segments do not nest: a list inside a segmented row renders without markers.
                foreach (var child in e.Children) Render(child, sb, e.Segmented && !insideSegment, insideSegment || segmented || (e.Segmented && !insideSegment));
                sb.Append("</").Append(e.Tag).Append('>');
                break;
        }
        if (segmented) sb.Append("\n  ").Append(LiveViews.Diffing.SegmentMarkers.End);
    }

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
