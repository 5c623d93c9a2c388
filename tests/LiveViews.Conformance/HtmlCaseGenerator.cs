using System.Text;

namespace LiveViews.Conformance;

/// <summary>
/// Generates tricky HTML, deterministically by seed: documents made of <em>blocks</em>, each drawn from families of
/// constructs where HTML parsers, serializers and patchers are known to go wrong (the WHATWG tree construction rules
/// that html5lib's corpus exercises): tables and foster parenting, formatting elements and the adoption agency,
/// foreign content, raw text and RCDATA elements, entities, CR/LF, comments, void and self-closing tags, select,
/// template, nested forms and links, implied end tags, odd attributes, and unbalanced markup. Consecutive documents of
/// a <see cref="Chain"/> differ the way consecutive renders do (a block replaced, inserted, removed, moved or re-filled).
/// </summary>
internal sealed class HtmlCaseGenerator(int seed)
{
    private readonly Random _random = new(seed);

    private static readonly string[] Words =
        ["alpha", "a & b", "x < y", "\"q\"", "it's", "é ü 😀", "  spaced  ", "\u00a0nb", "1 > 0", "&amp;", "tab\there", "<b>not</b>"];

    /// <summary>A script that counts its runs in <c>window.__lvRan</c>: no patch may ever make one run.</summary>
    public const string CountingScript = "<script>window.__lvRan=(window.__lvRan||0)+1</script>";

    /// <summary>Block templates by family; <c>{t}</c> is replaced by random text (escaped or raw as the family needs).</summary>
    public static readonly (string Family, string Template)[] Blocks =
    [
        ("table", "<table><tr><td>{t}</td></tr></table>"),
        ("table", "<table>{t}<tr><td>x</td></tr></table>"),
        ("table", "<table><caption>{t}</caption><colgroup><col></colgroup><tbody><tr><th>{t}</th></tr></tbody></table>"),
        ("table", "<table><tr><td>1<td>{t}</table>"),
        ("table", "<table><b>{t}</b><tr><td>x</td></tr></table>"),
        ("table", "<p>{t}<table><tr><td>in</td></tr></table>"),
        ("table", "<table><form><tr><td><input value=\"{t}\"></td></tr></form></table>"),
        ("table", "<table><tr><td><table><tr><td>{t}</td></tr></table></td></tr></table>"),
        ("table", "<table><tbody><tr><td>a</td></tr></tbody><tbody><tr><td>{t}</td></tr></tbody></table>"),
        ("table", "<table><input type=hidden name=h><tr><td>{t}</td></tr><!--c--></table>"),
        ("table", "<table>\n  <thead><tr><th>h</th></tr></thead>\n  <tr><td>{t}</td></tr>\n</table>"),
        ("table", "<table><tr><td>x</td></tr><select><option>{t}</select></table>"),
        ("formatting", "<b>{t}<i>{t}</b>{t}</i>"),
        ("formatting", "<a href=\"#1\">{t}<div>{t}<a href=\"#2\">{t}</a></div></a>"),
        ("formatting", "<b><p>{t}</b>{t}</p>"),
        ("formatting", "<i><b><u>{t}</i>{t}</u>"),
        ("formatting", "<b><b><b><b>{t}</b></b></b></b>"),
        ("formatting", "<nobr>{t}<nobr>{t}</nobr>"),
        ("formatting", "<a href=\"#o\">1<table><td><a href=\"#i\">{t}</a></td></table></a>"),
        ("formatting", "<font color=red><p>{t}</font>{t}</p>"),
        ("formatting", "<em><div><strong>{t}</em>{t}</strong></div>"),
        ("formatting", "<p>{t}<b>{t}<p>{t}</b></p>"),
        ("formatting", "<a>{t}<a>{t}</a></a>"),
        ("foreign", "<svg viewBox=\"0 0 10 10\"><circle r=\"1\"/><foreignObject><p>{t}</p></foreignObject></svg>"),
        ("foreign", "<svg><title>{t}</title><desc><b>{t}</b></desc></svg>"),
        ("foreign", "<math><mi>{t}</mi><mo>+</mo><mn>1</mn></math>"),
        ("foreign", "<math><annotation-xml encoding=\"text/html\"><div>{t}</div></annotation-xml></math>"),
        ("foreign", "<svg><p>{t}</p></svg>"),
        ("foreign", "<svg><font color=\"x\">{t}</font></svg>"),
        ("foreign", "<svg><clippath><rect/></clippath><lineargradient gradientunits=\"x\"/></svg>"),
        ("foreign", "<svg><use xlink:href=\"#b\" xml:lang=\"en\"/></svg>"),
        ("foreign", "<math><mtext><b>{t}</b></mtext></math>"),
        ("foreign", "<svg><style>a&lt;b {t}</style></svg>"),
        ("foreign", "<svg>{t}\0{t}</svg>"),
        ("foreign", "<svg><![CDATA[{r}]]></svg>"),
        ("raw", "<script>if (a < b && c > d) { \"{r}\" }</script>"),
        ("raw", "<style>p > a { content: \"{r}\" }</style>"),
        ("raw", "<textarea>{t}&amp;<b></textarea>"),
        ("raw", "<title>{t} &lt;</title>"),
        ("raw", "<noscript><p>{t}</p></noscript>"),
        ("raw", "<xmp><b>{r}</b></xmp>"),
        ("raw", "<iframe><b>{r}</b></iframe>"),
        ("raw", "<noembed>{r}</noembed>"),
        ("raw", "<script><!--<script></script>--></script>"),
        ("raw", CountingScript),
        ("raw", "<script></script>"),
        ("entities", "<p>{t} &amp; &lt; &gt; &quot; &nbsp; &copy; &notit; &#x41; &#65; &#0; &#x80; &AMP &ampx</p>"),
        ("entities", "<a title=\"&amp;&notit;&#13;{t}\" href=\"?a=1&b=2&copy=3\">{t}</a>"),
        ("crlf", "<p>a\r\nb\rc {t}</p>"),
        ("crlf", "<p>x&#13;y {t}</p>"),
        ("crlf", "<pre>\n\n{t}</pre>"),
        ("crlf", "<pre>\r\n{t}</pre>"),
        ("crlf", "<listing>\n\n{t}</listing>"),
        ("crlf", "<textarea>\n\n{t}</textarea>"),
        ("comment", "<!--{r}-->"),
        ("comment", "<!---->{t}"),
        ("comment", "<!-->{t}"),
        ("comment", "<!--a--!>{t}"),
        ("comment", "<!doctype html>{t}"),
        ("comment", "<![CDATA[{r}]]>"),
        ("comment", "<?xml version=\"1.0\"?>{t}"),
        ("comment", "<?pi {r}?>{t}"),
        ("void", "<br/>{t}<div/>{t}"),
        ("void", "</br>{t}</p>"),
        ("void", "<img src=\"x.png\" alt=\"{t}\"/><input value=\"{t}\"><hr><wbr>"),
        ("void", "<image src=\"a.png\">{t}"),
        ("void", "<isindex prompt=\"{t}\">"),
        ("void", "<p/>{t}<span/>{t}"),
        ("select", "<select><option>{t}<option selected>{t}</select>"),
        ("select", "<select><optgroup label=\"g\"><option>{t}</optgroup></select>"),
        ("select", "<select><div>{t}</div><option>a</option></select>"),
        ("select", "<select><button>{t}</button><option>a</option></select>"),
        ("select", "<select><input>{t}</select>"),
        ("select", "<select><b>{t}</b><option>b</option></select>"),
        ("select", "<select multiple><option>1</option><hr><option>{t}</option></select>"),
        ("select", "<datalist><option value=\"{t}\"></datalist>"),
        ("template", "<template><tr><td>{t}</td></tr></template>"),
        ("template", "<template><b>{t}</b></template><p>after</p>"),
        ("template", "<template><template><p>{t}</p></template></template>"),
        ("template", "<table><template><tr><td>{t}</td></tr></template></table>"),
        ("form", "<form><input name=\"a\" value=\"{t}\"><form><input name=\"b\"></form></form>"),
        ("form", "<form><div></form><form>{t}</form></div>"),
        ("form", "<button>{t}<button>{t}</button>"),
        ("misc", "<ul><li>{t}<li>{t}</ul>"),
        ("misc", "<dl><dt>{t}<dd>{t}</dl>"),
        ("misc", "<h1>{t}<h2>{t}</h2></h1>"),
        ("misc", "<p>{t}<div>{t}</div></p>"),
        ("misc", "<ruby>{t}<rb>b<rt>r<rp>(</ruby>"),
        ("misc", "<details><summary>{t}</summary>{t}</details>"),
        ("misc", "<address><p>{t}</address>"),
        ("misc", "<object><param name=\"a\">{t}</object>"),
        ("misc", "<body class=\"x\">{t}"),
        ("misc", "<my-el data-x=\"{t}\">{t}</my-el>"),
        ("misc", "<DIV CLASS=X>{t}</DIV>"),
        ("misc", "<div a=1 a=2 b>{t}</div>"),
        ("misc", "<div \"x\"=1 <y>{t}</div>"),
        ("misc", "<frameset><frame></frameset>{t}"),
        ("misc", "<main><search>{t}</search></main>"),
        ("unbalanced", "<div>{t}"),
        ("unbalanced", "<span>{t}"),
        ("unbalanced", "</div>{t}"),
        ("unbalanced", "<script>{r}"),
        ("unbalanced", "<!--{r}"),
        ("unbalanced", "<textarea>{t}"),
        ("unbalanced", "<plaintext>{t}"),
        ("unbalanced", "<template>{t}"),
        ("unbalanced", "<svg>{t}"),
        ("unbalanced", "<table><tr><td>{t}"),
        ("unbalanced", "<select>{t}"),
        ("unbalanced", "<title>{t}"),
        ("unbalanced", "<p title=\"{t}"),
        ("unbalanced", "<b>{t}"),
        ("unbalanced", "</ul></p></table>{t}"),
    ];

    /// <summary>One block: a random template with random text.</summary>
    public string Block() => Fill(Blocks[_random.Next(Blocks.Length)].Template);

    /// <summary>The block of template <paramref name="index"/> with random text.</summary>
    public string Fill(string template)
    {
        var sb = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            if (template[i] == '{' && i + 2 < template.Length && template[i + 2] == '}' && template[i + 1] is 't' or 'r')
            {
                var word = Words[_random.Next(Words.Length)] + (_random.Next(3) == 0 ? "" : _random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture));
                // {t}: text as a template writes it (Razor-encoded); {r}: raw-text content (no markup end tags).
                sb.Append(template[i + 1] == 't' ? Encode(word) : word.Replace("<", "&lt;", StringComparison.Ordinal));
                i += 2;
            }
            else sb.Append(template[i]);
        }
        return sb.ToString();
    }

    private string Encode(string text)
    {
        // Mostly encoded as Razor would; sometimes raw, because templates also hold literal text with markup characters.
        if (_random.Next(4) == 0) return text;
        return System.Net.WebUtility.HtmlEncode(text);
    }

    /// <summary>A document of <paramref name="blocks"/> blocks, as a list (so a chain can edit it).</summary>
    public List<string> Document(int blocks)
    {
        var list = new List<string>();
        for (int i = 0; i < blocks; i++) list.Add(Block());
        return list;
    }

    /// <summary>
    /// A chain of related documents: the first, then <paramref name="steps"/> edits (replace, insert, remove, move a
    /// block, or re-fill one with new text), each as its list of blocks.
    /// </summary>
    public List<List<string>> Chain(int blocks, int steps)
    {
        var doc = Document(blocks);
        var templates = doc.Select(_ => Blocks[_random.Next(Blocks.Length)].Template).ToList();
        for (int i = 0; i < doc.Count; i++) doc[i] = Fill(templates[i]);
        var chain = new List<List<string>> { new(doc) };
        for (int s = 0; s < steps; s++)
        {
            int at = doc.Count == 0 ? 0 : _random.Next(doc.Count);
            switch (doc.Count == 0 ? 1 : _random.Next(6))
            {
                case 0: templates[at] = Blocks[_random.Next(Blocks.Length)].Template; doc[at] = Fill(templates[at]); break;
                case 1:
                {
                    var t = Blocks[_random.Next(Blocks.Length)].Template;
                    int where = _random.Next(doc.Count + 1);
                    templates.Insert(where, t);
                    doc.Insert(where, Fill(t));
                    break;
                }
                case 2: if (doc.Count > 1) { doc.RemoveAt(at); templates.RemoveAt(at); } break;
                case 3:
                {
                    int to = _random.Next(doc.Count);
                    (doc[at], doc[to]) = (doc[to], doc[at]);
                    (templates[at], templates[to]) = (templates[to], templates[at]);
                    break;
                }
                default: doc[at] = Fill(templates[at]); break; // same structure, new text: the common render
            }
            chain.Add(new List<string>(doc));
        }
        return chain;
    }
}
