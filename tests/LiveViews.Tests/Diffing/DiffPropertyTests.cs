using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

/// <summary>Applying the differ's patches to the old tree yields exactly the new tree, for random trees and edits.</summary>
public class DiffPropertyTests
{
    public static IEnumerable<object[]> Seeds() => Enumerable.Range(1, 100).Select(s => new object[] { s });

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Patches_turn_the_old_tree_into_the_new_one(int seed)
    {
        var random = new RandomHtml(seed);
        var model = random.Tree(size: 60);
        var tree = new ViewTree();
        tree.Initialize(RandomHtml.Render(model));
        for (var step = 0; step < 25; step++)
        {
            var before = tree.ToHtml();
            random.Mutate(model);
            var rendered = RandomHtml.Render(model);
            var ops = tree.Update(rendered);
            var after = DomPatchApplier.Apply(before, PatchOpJson.ToJson(ops)).InnerHtml;
            var expected = DomPatchApplier.Canonical(SegmentMarkers.Strip(rendered));
            Assert.True(expected == after, $"seed {seed} step {step}\nops: {PatchOpJson.ToJson(ops)}\nexpected: {expected}\nactual:   {after}");
            Assert.Equal(expected, DomPatchApplier.Canonical(tree.ToHtml()));
        }
    }

    [Fact]
    public void No_change_means_no_ops()
    {
        var random = new RandomHtml(99);
        var html = RandomHtml.Render(random.Tree(80));
        var tree = new ViewTree();
        tree.Initialize(html);
        Assert.Empty(tree.Update(html));
    }
}
