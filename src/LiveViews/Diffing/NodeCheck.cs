namespace LiveViews.Diffing;

/// <summary>
/// What the client must find at an op's path before applying it (docs/protocol.md, "Verification"): the node's DOM
/// <c>nodeName</c>, i.e. <c>#text</c>, <c>#comment</c>, or an element's <see cref="VElement.DomNodeName"/>
/// (<c>LI</c>, <c>circle</c>: the case also tells an HTML element from an SVG or MathML one).
/// </summary>
internal readonly record struct NodeCheck(string NodeName)
{
    /// <summary>The check of a text node.</summary>
    public static readonly NodeCheck Text = new("#text");

    /// <summary>The check of a comment.</summary>
    public static readonly NodeCheck Comment = new("#comment");

    /// <summary>The view root, a <c>div</c>.</summary>
    public static readonly NodeCheck Root = new("DIV");

    /// <summary>The check for <paramref name="node"/>.</summary>
    public static NodeCheck Of(VNode node) => node switch
    {
        VElement e => new(e.DomNodeName),
        VComponent c => new(c.Content.Root.DomNodeName),
        VText => Text,
        _ => Comment,
    };

    public override string ToString() => NodeName;
}
