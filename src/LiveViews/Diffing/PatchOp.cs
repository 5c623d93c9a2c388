namespace LiveViews.Diffing;

/// <summary>
/// One patch operation of docs/protocol.md. Paths are child-node indexes from the view root (<c>[]</c> is the root)
/// and are valid in the DOM as it is after the previous ops of the same list were applied. Every op carries a
/// <see cref="Check"/> of the node it targets (the parent, for insert and move), which the client verifies. Immutable.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PatchOpJsonConverter))]
internal sealed class PatchOp
{
    private PatchOp(PatchOpCode code, int[] path, NodeCheck check, string? name = null, string? value = null, VNode[]? nodes = null, int index = 0, int to = 0)
    {
        Code = code;
        Path = path;
        Check = check;
        Name = name;
        Value = value;
        Nodes = nodes;
        Index = index;
        To = to;
    }

    /// <summary>The operation.</summary>
    public PatchOpCode Code { get; }

    /// <summary>The target node's path, or the parent's path for <see cref="PatchOpCode.Insert"/> and <see cref="PatchOpCode.Move"/>.</summary>
    public int[] Path { get; }

    /// <summary>What the node at <see cref="Path"/> must be (its DOM nodeName).</summary>
    public NodeCheck Check { get; }

    /// <summary>Attribute name (<see cref="PatchOpCode.SetAttribute"/>, <see cref="PatchOpCode.RemoveAttribute"/>).</summary>
    public string? Name { get; }

    /// <summary>HTML (<see cref="PatchOpCode.Replace"/>, <see cref="PatchOpCode.Insert"/>; null when sent as <see cref="Nodes"/>), text (<see cref="PatchOpCode.SetText"/>) or attribute value.</summary>
    public string? Value { get; }

    /// <summary>The nodes of a <see cref="PatchOpCode.Replace"/> or <see cref="PatchOpCode.Insert"/> sent as a node list (their HTML would not re-parse the same), else null.</summary>
    public VNode[]? Nodes { get; }

    /// <summary>The content of a replace or insert.</summary>
    public PatchContent Content => new(Value, Nodes);

    /// <summary>Insert position (<see cref="PatchOpCode.Insert"/>) or source index (<see cref="PatchOpCode.Move"/>).</summary>
    public int Index { get; }

    /// <summary>Destination index (<see cref="PatchOpCode.Move"/>), counted after the node is taken out.</summary>
    public int To { get; }

    /// <summary>Replaces the node at <paramref name="path"/>, which must match <paramref name="check"/>.</summary>
    public static PatchOp Replace(int[] path, PatchContent content, NodeCheck check) => new(PatchOpCode.Replace, path, check, value: content.Html, nodes: content.Nodes);
    /// <summary>Sets an attribute of the element at <paramref name="path"/> (nodeName <paramref name="nodeName"/>).</summary>
    public static PatchOp SetAttribute(int[] path, string name, string value, string nodeName) => new(PatchOpCode.SetAttribute, path, new(nodeName), name, value);
    /// <summary>Removes an attribute of the element at <paramref name="path"/> (nodeName <paramref name="nodeName"/>).</summary>
    public static PatchOp RemoveAttribute(int[] path, string name, string nodeName) => new(PatchOpCode.RemoveAttribute, path, new(nodeName), name);
    /// <summary>Sets the data of the text node (or, when <paramref name="comment"/>, the comment) at <paramref name="path"/>.</summary>
    public static PatchOp SetText(int[] path, string text, bool comment = false) => new(PatchOpCode.SetText, path, comment ? NodeCheck.Comment : NodeCheck.Text, value: text);
    /// <summary>Inserts content before child <paramref name="index"/> of the element at <paramref name="parentPath"/>.</summary>
    public static PatchOp Insert(int[] parentPath, int index, PatchContent content, string parentNodeName) => new(PatchOpCode.Insert, parentPath, new(parentNodeName), value: content.Html, nodes: content.Nodes, index: index);
    /// <summary>Removes the node at <paramref name="path"/>, which must match <paramref name="check"/>.</summary>
    public static PatchOp Remove(int[] path, NodeCheck check) => new(PatchOpCode.Remove, path, check);
    /// <summary>Moves child <paramref name="from"/> of the element at <paramref name="parentPath"/> to index <paramref name="to"/>.</summary>
    public static PatchOp Move(int[] parentPath, int from, int to, string parentNodeName) => new(PatchOpCode.Move, parentPath, new(parentNodeName), index: from, to: to);

    /// <summary>The op's JSON array, e.g. <c>[1,[0,3,1],"class","done","LI"]</c>.</summary>
    public override string ToString() => PatchOpJson.ToJson(this);
}
