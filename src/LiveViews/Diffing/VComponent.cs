namespace LiveViews.Diffing;

/// <summary>
/// What a live component's root element is in its parent's tree: one DOM node, matched by the component's id, whose
/// attributes and content the component's own tree owns and patches (so a parent's diff never looks inside it, and a
/// component's event never re-renders its parent). Serializes, compares and verifies as the component's current root element.
/// </summary>
internal sealed class VComponent(IComponentContent content) : VNode
{
    /// <summary>The component this node stands for.</summary>
    public IComponentContent Content { get; } = content;

    /// <summary>The diff key: components match by id among their siblings (U+0002 keeps it apart from element keys).</summary>
    public string Key { get; } = "\u0002" + content.Id;

    public override int NodeType => 1;

    public override string ToString() => "<component " + Content.Id + ">";
}

/// <summary>A live component as its parent's tree sees it.</summary>
internal interface IComponentContent
{
    /// <summary>The component's id (unique within its view).</summary>
    string Id { get; }

    /// <summary>The component's current root element (<c>data-lv-c</c> included), owned by its own tree.</summary>
    VElement Root { get; }
}

/// <summary>Resolves the component placeholders of a render (<see cref="SegmentMarkers.ComponentPlaceholder"/>) while its HTML is parsed.</summary>
internal interface IComponentResolver
{
    /// <summary>
    /// The component rendered as placeholder <paramref name="number"/>, now known to sit in <paramref name="context"/>
    /// (its root element is parsed there). Throws <see cref="InvalidOperationException"/> for an unknown number.
    /// </summary>
    IComponentContent Place(int number, FragmentContext context);
}
