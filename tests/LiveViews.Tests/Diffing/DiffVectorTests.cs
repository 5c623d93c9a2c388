using System.Text;
using System.Text.Json;
using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Writes tests/vectors/diff-vectors.json: (old HTML, new HTML, ops) cases from the differ, which the TypeScript
/// client's vitest suite applies to a DOM (client/test/vectors.test.ts). Both halves of the protocol are then checked
/// against the same cases. Deterministic: regenerating gives the same file.
/// </summary>
public class DiffVectorTests
{
    [Fact]
    public void Generates_cross_language_vectors_that_the_reference_applier_accepts()
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

        // Every vector must be right before the other half of the protocol relies on it.
        foreach (dynamic vector in cases)
            Assert.Equal(DomPatchApplier.Canonical((string)vector.@new), DomPatchApplier.Apply((string)vector.old, JsonSerializer.Serialize(vector.ops)).InnerHtml);

        var json = JsonSerializer.Serialize(cases, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var path = Path.Combine(RepoRoot(), "tests", "vectors", "diff-vectors.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, json + "\n");
        Assert.True(cases.Count >= 150, $"only {cases.Count} vectors");
    }

    private static void AddListCases(List<object> cases)
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
        };
        foreach (var (name, old, @new) in scenarios)
        {
            var tree = new ViewTree();
            tree.Initialize(old);
            cases.Add(Case(name, tree, @new));
        }
    }

    private static object Case(string name, ViewTree tree, string rendered)
    {
        var before = tree.ToHtml();
        var ops = tree.Update(rendered);
        return new { name, old = before, @new = tree.ToHtml(), ops = JsonDocument.Parse(PatchOpJson.ToJson(ops)).RootElement };
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveView.sln")) || File.Exists(Path.Combine(dir.FullName, "LiveView.slnx"))) return dir.FullName;
        throw new InvalidOperationException("LiveView.sln not found above " + AppContext.BaseDirectory);
    }
}
