using System.Text;
using System.Text.Json;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// The cross-language vectors tests/vectors/diff-vectors.json: (old HTML, new HTML, ops) cases from the differ, which
/// the TypeScript client's vitest suite applies to a DOM (client/test/vectors.test.ts), so both halves of the protocol
/// are checked against the same cases. The test generates them (deterministically) and fails when they differ from the
/// committed file, so a change of the differ cannot leave the client's half testing stale vectors. After an intended
/// change, regenerate the file with <c>LV_UPDATE_VECTORS=1 dotnet test tests/LiveViews.Tests --filter DiffVectorTests</c>
/// and commit it.
/// </summary>
public class DiffVectorTests
{
    /// <summary>The environment variable that makes the test write the file instead of comparing it.</summary>
    public const string UpdateVariable = "LV_UPDATE_VECTORS";

    [Fact]
    public void Committed_vectors_are_what_the_differ_generates()
    {
        var cases = new List<object>();
        for (var seed = 1000; seed < 1030; seed++)
        {
            var random = new RandomHtml(seed);
            var model = random.Tree(size: 40);
            var tree = new ViewTree();
            tree.Initialize(RandomHtml.Render(model));
            for (var step = 0; step < 5; step++)
            {
                random.Mutate(model);
                cases.Add(Case($"random {seed}.{step}", tree, RandomHtml.Render(model)));
            }
        }
        AddListCases(cases);

        // Every vector must be right before the other half of the protocol relies on it: the reference applier turns
        // the old DOM into exactly the server's new tree (compared as trees: a node list builds what HTML cannot express).
        var parser = new HtmlTreeParser();
        foreach (var (vector, expected) in cases.Zip(_trees))
        {
            dynamic v = vector;
            var applied = parser.ConvertChildrenOf(DomPatchApplier.Apply((string)v.old, JsonSerializer.Serialize(v.ops)));
            Assert.True(TreeEquality.Equal(expected, applied), $"{v.name}: {TreeEquality.Describe(expected, applied)}");
        }

        var json = JsonSerializer.Serialize(cases, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        Assert.True(cases.Count >= 150, $"only {cases.Count} vectors");
        var path = Path.Combine(RepoRoot(), "tests", "vectors", "diff-vectors.json");
        var generated = Path.Combine(Path.GetTempPath(), $"diff-vectors-{Guid.NewGuid():N}.json");
        File.WriteAllText(generated, json);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.Copy(generated, path, overwrite: true);
            File.Delete(generated);
            return;
        }
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        if (committed == json)
        {
            File.Delete(generated);
            return;
        }
        var at = committed.Zip(json).TakeWhile(p => p.First == p.Second).Count();
        Assert.Fail($"{path} differs from what the differ generates (first difference at char {at}; the generated file is {generated}). " +
                    $"If the change is intended, run `{UpdateVariable}=1 dotnet test tests/LiveViews.Tests --filter DiffVectorTests` and commit the file.\n" +
                    $"committed: …{Excerpt(committed, at)}…\ngenerated: …{Excerpt(json, at)}…");
    }

    private static string Excerpt(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(120, text.Length - Math.Max(0, at - 40)));

    private void AddListCases(List<object> cases)
    {
        string List(IEnumerable<int> ids, int done = -1) =>
            "<ul id=\"todo-list\">\n" + string.Concat(ids.Select(i =>
                $"{SegmentMarkers.Start}  <li id=\"todo-{i}\" class=\"{(i == done ? "done" : "")}\"><input type=\"checkbox\"{(i == done ? " checked" : "")}> <span>Task {i} &amp; &lt;b&gt;</span></li>\n{SegmentMarkers.End}")) + "</ul>";
        string Table(IEnumerable<int> ids) => "<table><tbody>" + string.Concat(ids.Select(i => $"<tr id=\"r{i}\"><td>{i}</td></tr>")) + "</tbody></table>";
        var ten = Enumerable.Range(1, 10).ToArray();
        var scenarios = new (string Name, string Old, string New)[]
        {
            ("keyed insert middle", List(ten), List(ten.Take(5).Append(99).Concat(ten.Skip(5)))),
            ("keyed append", List(ten), List(ten.Append(99))),
            ("keyed prepend", List(ten), List(ten.Prepend(99))),
            ("keyed remove", List(ten), List(ten.Where(i => i != 4))),
            ("keyed move down", List(ten), List(ten.Where(i => i != 2).Take(7).Append(2).Concat(ten.Where(i => i != 2).Skip(7)))),
            ("keyed reverse", List(ten), List(ten.Reverse())),
            ("toggle", List(ten), List(ten, done: 3)),
            ("empty to list", "<ul id=\"todo-list\">\n</ul>", List(ten)),
            ("list to empty", List(ten), "<ul id=\"todo-list\">\n</ul>"),
            ("table rows", Table(ten), Table(ten.Where(i => i % 2 == 0).Concat([42, 43]))),
            ("text edit", "<p>Count: <b>5</b></p>", "<p>Count: <b>6</b></p>"),
            ("replace tag", "<div><span>a</span></div>", "<div><em>a</em></div>"),
            ("attributes", "<input type=\"text\" value=\"a\" disabled>", "<input type=\"text\" value=\"b\" placeholder=\"x\">"),
            ("markup as text", "<p>safe</p>", "<p>&lt;img src=x onerror=alert(1)&gt; \"q\" &amp;</p>"),
            ("comment", "<!--a--><p>x</p>", "<!--b--><p>x</p>"),
            ("select", "<select><option value=\"1\">1</option><option value=\"2\" selected>2</option></select>", "<select><option value=\"1\" selected>1</option><option value=\"2\">2</option></select>"),
            ("svg", "<svg viewBox=\"0 0 10 10\"><circle r=\"1\"></circle></svg>", "<svg viewBox=\"0 0 10 10\"><circle r=\"2\"></circle><rect width=\"3\"></rect></svg>"),
            ("textarea", "<textarea>old</textarea>", "<textarea>new text</textarea>"),
            ("comment edit checks #comment", "<p>a</p><!--x-->", "<p>a</p><!--y-->"),
            ("changed script is replaced whole", "<script></script>", "<script>window.lvRan = 1</script>"),
            ("carriage return in text and attribute", "<p>a</p>", "<p title=\"x&#13;y\">a&#13;b</p>"),
            ("nested forms as a node list", "<p>x</p>", "<form><div></form><form>inner</form></div>"),
            ("nested links as a node list", "<p>x</p>", "<a href=\"#1\">1<table><td><a href=\"#2\">2</a></td></table></a>"),
        };
        foreach (var (name, old, @new) in scenarios)
        {
            var tree = new ViewTree();
            tree.Initialize(old);
            cases.Add(Case(name, tree, @new));
        }
    }

    /// <summary>The server's tree after each case, in case order.</summary>
    private readonly List<VNode[]> _trees = [];

    private object Case(string name, ViewTree tree, string rendered)
    {
        var before = tree.ToHtml();
        var ops = tree.Update(rendered);
        _trees.Add(tree.Children);
        return new { name, old = before, @new = tree.ToHtml(), ops = JsonDocument.Parse(PatchOpJson.ToJson(ops)).RootElement };
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveView.sln")) || File.Exists(Path.Combine(dir.FullName, "LiveView.slnx"))) return dir.FullName;
        throw new InvalidOperationException("LiveView.sln not found above " + AppContext.BaseDirectory);
    }
}
