namespace LiveViews.Diffing;

/// <summary>
/// A stream container met by a render (<see cref="ViewTree.CollectStreams"/>): the container as the tree keeps it
/// (without children), its path from the view root in the new tree, and the rows the render wrote in it.
/// </summary>
internal sealed record StreamRender(VElement Container, int[] Path, VNode[] Rows)
{
    /// <summary>The container's <c>lv-stream</c> value.</summary>
    public string Name => Array.Find(Container.Attributes, a => a.Name == "lv-stream").Value ?? "";
}
