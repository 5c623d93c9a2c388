namespace LiveViews.Conformance;

/// <summary>
/// The suite's cases, deterministic by seed: minimal cases from issue 15 plus generated documents and chains of edits
/// (<see cref="HtmlCaseGenerator"/>). A case is the HTML a view's template renders; a chain is the renders of one view
/// over consecutive events, each a list of blocks (wrapped in segment markers when run "inside segments").
/// </summary>
internal static class Corpus
{
    /// <summary>The seed of everything generated; change it to explore, keep it to reproduce.</summary>
    public const int Seed = 15;

    /// <summary>Minimal chains, each a regression case of issue 15 (name, renders).</summary>
    public static readonly (string Name, string[] Renders)[] Minimal =
    [
        ("quirks: a table closes an open p, then is removed", ["<p><table></table>", ""]),
        ("quirks: an edit inside a table after a p", ["<p><table><tr><td>1</td></tr></table>", "<p><table><tr><td>2</td></tr></table>"]),
        ("context: mi under math", ["<math><mi>x</mi></math>", "<math><mi>x</mi><mi>y</mi></math>"]),
        ("context: HTML in svg foreignObject", ["<svg><foreignObject></foreignObject></svg>", "<svg><foreignObject><p>x</p></foreignObject></svg>"]),
        ("context: HTML in svg title and desc", ["<svg><title></title><desc></desc></svg>", "<svg><title><p>x</p></title><desc><b>y</b></desc></svg>"]),
        ("context: raw text into an empty style", ["<style></style>", "<style>a > b { content: \"&amp;\" }</style>"]),
        ("context: noscript content is text", ["<noscript></noscript>", "<noscript><p>x</p></noscript>"]),
        ("context: rows into a table body", ["<table><tbody></tbody></table>", "<table><tbody><tr><td>1</td></tr></tbody></table>"]),
        ("context: options into a select", ["<select></select>", "<select><option>a</option><option>b</option></select>"]),
        ("context: HTML in annotation-xml", ["<math><annotation-xml encoding=\"text/html\"></annotation-xml></math>", "<math><annotation-xml encoding=\"text/html\"><div>x</div></annotation-xml></math>"]),
        ("serializer: CR in text", ["<p>a</p>", "<p>a&#13;b</p>"]),
        ("serializer: CR in an attribute", ["<p>a</p>", "<p title=\"a&#13;b\">a</p>"]),
        ("serializer: leading LF in pre", ["<p>a</p>", "<pre>\n\nx</pre>"]),
        ("serializer: leading LF in textarea", ["<p>a</p>", "<textarea>\n\nx</textarea>"]),
        ("serializer: form in form", ["<p>a</p>", "<form><div></form><form>x</form></div>"]),
        ("serializer: plaintext", ["<p>a</p>", "<p>a</p><plaintext>abc"]),
        ("serializer: nested links", ["<p>a</p>", "<a href=\"#1\">1<table><td><a href=\"#2\">2</a></td></table></a>"]),
        ("scripts: setting the text of an empty parser-made script", ["<script></script>", HtmlCaseGenerator.CountingScript]),
        ("scripts: inserting a script", ["<p>a</p>", "<p>a</p>" + HtmlCaseGenerator.CountingScript]),
        ("scripts: changing a script's src", ["<script></script>", "<script src=\"data:text/javascript,window.__lvRan=(window.__lvRan||0)+1\"></script>"]),
        ("scripts: an svg script", ["<svg><script></script></svg>", "<svg>" + HtmlCaseGenerator.CountingScript + "</svg>"]),
        ("difference: processing instruction", ["<div><?pi a?></div>", "<div><?pi b?></div>", "<div><?pi c?></div>"]),
        ("difference: customizable select content", ["<select><div>1</div><option>a</option></select>", "<select><div>2</div><option>a</option></select>", "<select><div>3</div><option>a</option></select>"]),
        ("difference: isindex", ["<isindex prompt=\"a\">", "<isindex prompt=\"b\">", "<isindex prompt=\"c\">"]),
        ("difference: NUL in svg text", ["<svg>a\0b</svg>", "<svg>a\0c</svg>", "<svg>a\0d</svg>"]),
    ];

    /// <summary>Generated chains: (blocks, steps) per chain.</summary>
    public const int ChainCount = 120, BlocksPerChain = 4, StepsPerChain = 12;

    /// <summary>Generated single documents (beyond every block template alone) for the parser comparison.</summary>
    public const int DocumentCount = 250;

    private static readonly Lazy<IReadOnlyList<string>> CaseList = new(BuildCases);
    private static readonly Lazy<IReadOnlyList<List<List<string>>>> ChainList = new(BuildChains);

    /// <summary>Every case: each minimal render, each block template alone, generated documents.</summary>
    public static IReadOnlyList<string> Cases => CaseList.Value;

    /// <summary>Every chain: the minimal ones (one block per render) and the generated ones.</summary>
    public static IReadOnlyList<List<List<string>>> Chains => ChainList.Value;

    private static IReadOnlyList<string> BuildCases()
    {
        var generator = new HtmlCaseGenerator(Seed);
        var cases = new List<string>();
        cases.AddRange(Minimal.SelectMany(m => m.Renders).Where(r => r.Length > 0).Distinct());
        cases.AddRange(HtmlCaseGenerator.Blocks.Select(b => generator.Fill(b.Template)));
        for (int i = 0; i < DocumentCount; i++) cases.Add(string.Concat(generator.Document(1 + i % 4)));
        return cases;
    }

    private static IReadOnlyList<List<List<string>>> BuildChains()
    {
        var chains = Minimal.Select(m => m.Renders.Select(r => new List<string> { r }).ToList()).ToList();
        var generator = new HtmlCaseGenerator(Seed + 1);
        for (int i = 0; i < ChainCount; i++) chains.Add(generator.Chain(BlocksPerChain, StepsPerChain));
        return chains;
    }
}
