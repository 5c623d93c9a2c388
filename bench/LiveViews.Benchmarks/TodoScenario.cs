using System.Buffers;
using System.Text;
using LiveViews.Diffing;

namespace LiveViews.Benchmarks;

/// <summary>The benchmarked events on a todo list of N rows, each row a live segment.</summary>
public enum TodoEvent
{
    /// <summary>One row in the middle toggled done (class and checked change).</summary>
    Toggle,
    /// <summary>One row inserted in the middle.</summary>
    Insert,
    /// <summary>The middle row removed.</summary>
    Remove,
}

/// <summary>
/// Rendered HTML of a todo list before and after one event, as the Razor view would write it (segment markers
/// around each row), and a <see cref="ViewTree"/> holding the "before" state.
/// </summary>
internal sealed class TodoScenario
{
    public TodoScenario(int rows, TodoEvent e)
    {
        var ids = Enumerable.Range(1, rows).ToList();
        int middle = rows / 2;
        Before = Render(ids, doneId: null);
        After = e switch
        {
            TodoEvent.Toggle => Render(ids, doneId: ids[middle]),
            TodoEvent.Insert => Render(ids.Take(middle).Append(rows + 1).Concat(ids.Skip(middle)).ToList(), null),
            _ => Render(ids.Where((_, i) => i != middle).ToList(), null),
        };
        Tree = new ViewTree();
        Tree.Initialize(Before);
    }

    public string Before { get; }
    public string After { get; }
    public ViewTree Tree { get; }

    /// <summary>One event and its undo (both are one realistic event: each parses one segment).</summary>
    public (IReadOnlyList<PatchOp> Forward, IReadOnlyList<PatchOp> Back) RoundTrip() => (Tree.Update(After), Tree.Update(Before));

    /// <summary>Bytes of the ops of the forward event as a UTF-8 JSON array (as they travel in a reply's "o").</summary>
    public static int PatchBytes(int rows, TodoEvent e)
    {
        var scenario = new TodoScenario(rows, e);
        var ops = scenario.Tree.Update(scenario.After);
        return PatchOpJson.WriteAll(new ArrayBufferWriter<byte>(), ops);
    }

    public static string Render(IReadOnlyList<int> ids, int? doneId)
    {
        var sb = new StringBuilder(ids.Count * 200 + 200);
        sb.Append("<header><h1>todos</h1><form lv-submit=\"Add\"><input name=\"title\" placeholder=\"What needs to be done?\"></form></header>\n");
        sb.Append("<ul class=\"todo-list\">\n");
        foreach (var id in ids)
        {
            bool done = id == doneId;
            sb.Append(SegmentMarkers.Start)
              .Append("  <li id=\"todo-").Append(id).Append("\" class=\"").Append(done ? "todo done" : "todo").Append("\">")
              .Append("<input type=\"checkbox\" lv-change=\"Toggle\" lv-value-id=\"").Append(id).Append('"').Append(done ? " checked" : "").Append("> ")
              .Append("<span>Task number ").Append(id).Append(" &amp; more</span> ")
              .Append("<button class=\"delete\" lv-click=\"Delete\" lv-value-id=\"").Append(id).Append("\">×</button></li>\n")
              .Append(SegmentMarkers.End);
        }
        sb.Append("</ul>\n<footer><span class=\"count\">").Append(ids.Count).Append(" items left</span></footer>");
        return sb.ToString();
    }
}
