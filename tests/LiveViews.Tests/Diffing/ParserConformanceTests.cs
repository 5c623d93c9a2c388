using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Minimal cases of issue 15 on the server side: the tree is the one the browser builds, and patches never run scripts.</summary>
public class ParserConformanceTests
{
    [Fact]
    public void The_tree_is_parsed_in_no_quirks_mode_so_a_table_closes_an_open_p()
    {
        // In quirks mode <table> stays inside <p>; the page (<!DOCTYPE html>) is in no-quirks mode.
        var tree = new ViewTree();
        Assert.Equal("<p></p><table></table>", tree.Initialize("<p><table></table>"));
        var ops = tree.Update("");
        Assert.Equal(2, ops.Count);
        Assert.Equal("", DomPatchApplier.Apply("<p></p><table></table>", PatchOpJson.ToJson(ops)).InnerHtml);
    }

    [Theory]
    [InlineData("<script></script>", "<script>window.x = 1</script>")]
    [InlineData("<script>a()</script>", "<script>b()</script>")]
    [InlineData("<script></script>", "<script src=\"/x.js\"></script>")]
    [InlineData("<svg><script></script></svg>", "<svg><script>window.x = 1</script></svg>")]
    public void A_changed_script_is_replaced_whole_never_edited(string before, string after)
    {
        // Setting the text (or src) of an empty parser-made script runs it; a script parsed by a patch never runs.
        var tree = new ViewTree();
        tree.Initialize(before);
        var op = Assert.Single(tree.Update(after));
        Assert.Equal(PatchOpCode.Replace, op.Code);
        Assert.Contains("<script", op.Value);
        Assert.Equal(DomPatchApplier.Canonical(after), DomPatchApplier.Apply(before, PatchOpJson.ToJson([op])).InnerHtml);
    }

    [Fact]
    public void Every_op_carries_the_node_name_of_its_target()
    {
        var tree = new ViewTree();
        tree.Initialize("<ul><li class=\"a\">x</li><li>y</li></ul><!--c--><svg><circle r=\"1\"></circle></svg>");
        var ops = tree.Update("<ul><li>y</li><li class=\"b\">x!</li><li>z</li></ul><!--d--><svg><circle r=\"2\"></circle></svg>");
        var json = PatchOpJson.ToJson(ops);
        Assert.Contains("\"UL\"", json);
        Assert.Contains("\"LI\"", json);
        Assert.Contains("\"#comment\"", json);
        Assert.Contains("\"circle\"", json);
        Assert.Equal(DomPatchApplier.Canonical("<ul><li>y</li><li class=\"b\">x!</li><li>z</li></ul><!--d--><svg><circle r=\"2\"></circle></svg>"),
            DomPatchApplier.Apply("<ul><li class=\"a\">x</li><li>y</li></ul><!--c--><svg><circle r=\"1\"></circle></svg>", json).InnerHtml);
    }

    [Fact]
    public void Ops_that_do_not_fit_the_dom_are_refused_by_the_reference_applier()
    {
        // The AngleSharp applier verifies like the client: a node a user script inserted shifts the path.
        var tree = new ViewTree();
        tree.Initialize("<p>a<b>x</b></p>");
        var json = PatchOpJson.ToJson(tree.Update("<p>A<b>x</b></p>"));
        var error = Assert.Throws<InvalidOperationException>(() => DomPatchApplier.Apply("<p><i>user</i>a<b>x</b></p>", json));
        Assert.Contains("expects #text, found I", error.Message);
        // A node added to the list an insert changes is caught by the list's length.
        tree.Initialize("<ul><li>a</li></ul>");
        json = PatchOpJson.ToJson(tree.Update("<ul><li>a</li><li>b</li></ul>"));
        error = Assert.Throws<InvalidOperationException>(() => DomPatchApplier.Apply("<ul><li>a</li><li>user</li></ul>", json));
        Assert.Contains("in a list of 2", error.Message);
    }
}
