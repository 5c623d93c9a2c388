namespace LiveViews.Diffing;

/// <summary>
/// Nodes an op (or a full render) carries: as HTML when the client's parse of that HTML in the target's context gives
/// back exactly these nodes, else as a node list the client builds with DOM calls (docs/protocol.md, "Content").
/// Exactly one of <see cref="Html"/> and <see cref="Nodes"/> is set.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PatchContentJsonConverter))]
internal readonly record struct PatchContent(string? Html, VNode[]? Nodes, VNamespace ParentNamespace = VNamespace.Html)
{
    /// <summary>Content sent as HTML.</summary>
    public static PatchContent FromHtml(string html) => new(html, null);

    /// <summary>Content sent as a node list, built under a parent of namespace <paramref name="parentNamespace"/>.</summary>
    public static PatchContent FromNodes(VNode[] nodes, VNamespace parentNamespace) => new(null, nodes, parentNamespace);

    /// <summary>True when sent as a node list.</summary>
    public bool IsNodes => Nodes is not null;
}
