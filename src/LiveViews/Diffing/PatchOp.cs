namespace LiveViews.Diffing;

/// <summary>
/// One patch operation of docs/protocol.md. Paths are child-node indexes from the view root (<c>[]</c> is the root)
/// and are valid in the DOM as it is after the previous ops of the same list were applied. Every op carries a
/// <see cref="Check"/> of the node it targets (the parent, for insert and move), which the client verifies. Immutable.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PatchOpJsonConverter))]
internal sealed class PatchOp
{
    private PatchOp(PatchOpCode code, int[] path, NodeCheck check, string? name = null, string? value = null, PatchContent content = default, int index = 0, int to = 0, int count = -1, StreamChange? stream = null)
    {
        Stream = stream;
        Code = code;
        Path = path;
        Check = check;
        Name = name;
        Value = content.Nodes is null ? value ?? content.Html : null;
        Content = content;
        Index = index;
        To = to;
        Count = count;
    }

    /// <summary>What a <see cref="PatchOpCode.Stream"/> op does to its container's rows, else null.</summary>
    public StreamChange? Stream { get; }

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
    public VNode[]? Nodes => Content.Nodes;

    /// <summary>The content of a replace or insert.</summary>
    public PatchContent Content { get; }

    /// <summary>
    /// How many children the list the op works in has before it: the target's parent's (the element at
    /// <see cref="Path"/> itself for insert and move). The client verifies it with the check, so a node added or lost
    /// in that list (a parser difference, a user script) is caught before an index lands on the wrong node.
    /// </summary>
    public int Count { get; }

    /// <summary>Insert position (<see cref="PatchOpCode.Insert"/>) or source index (<see cref="PatchOpCode.Move"/>).</summary>
    public int Index { get; }

    /// <summary>Destination index (<see cref="PatchOpCode.Move"/>), counted after the node is taken out.</summary>
    public int To { get; }

    /// <summary>Replaces the node at <paramref name="path"/>, which must match <paramref name="check"/>; its parent has <paramref name="count"/> children.</summary>
    public static PatchOp Replace(int[] path, PatchContent content, NodeCheck check, int count) => new(PatchOpCode.Replace, path, check, content: content, count: count);
    /// <summary>Sets an attribute of the element at <paramref name="path"/> (nodeName <paramref name="nodeName"/>, one of <paramref name="count"/> siblings).</summary>
    public static PatchOp SetAttribute(int[] path, string name, string value, string nodeName, int count) => new(PatchOpCode.SetAttribute, path, new(nodeName), name, value, count: count);
    /// <summary>Removes an attribute of the element at <paramref name="path"/> (nodeName <paramref name="nodeName"/>, one of <paramref name="count"/> siblings).</summary>
    public static PatchOp RemoveAttribute(int[] path, string name, string nodeName, int count) => new(PatchOpCode.RemoveAttribute, path, new(nodeName), name, count: count);
    /// <summary>Sets the data of the text node (or, when <paramref name="comment"/>, the comment) at <paramref name="path"/>, one of <paramref name="count"/> siblings.</summary>
    public static PatchOp SetText(int[] path, string text, int count, bool comment = false) => new(PatchOpCode.SetText, path, comment ? NodeCheck.Comment : NodeCheck.Text, value: text, count: count);
    /// <summary>Inserts content before child <paramref name="index"/> of the element at <paramref name="parentPath"/>, which has <paramref name="count"/> children.</summary>
    public static PatchOp Insert(int[] parentPath, int index, PatchContent content, string parentNodeName, int count) => new(PatchOpCode.Insert, parentPath, new(parentNodeName), content: content, index: index, count: count);
    /// <summary>Removes the node at <paramref name="path"/>, which must match <paramref name="check"/>; its parent has <paramref name="count"/> children.</summary>
    public static PatchOp Remove(int[] path, NodeCheck check, int count) => new(PatchOpCode.Remove, path, check, count: count);
    /// <summary>Moves child <paramref name="from"/> of the element at <paramref name="parentPath"/> (which has <paramref name="count"/> children) to index <paramref name="to"/>.</summary>
    public static PatchOp Move(int[] parentPath, int from, int to, string parentNodeName, int count) => new(PatchOpCode.Move, parentPath, new(parentNodeName), index: from, to: to, count: count);

    /// <summary>Changes the rows of the stream container at <paramref name="path"/> (nodeName <paramref name="nodeName"/>, one of <paramref name="count"/> siblings).</summary>
    public static PatchOp StreamRows(int[] path, StreamChange change, string nodeName, int count) => new(PatchOpCode.Stream, path, new(nodeName), count: count, stream: change);

    /// <summary>The same op at <paramref name="path"/> in a list of <paramref name="count"/> (<see cref="RowDiffCache"/>).</summary>
    public PatchOp At(int[] path, int count) =>
        new(Code, path, Check, Name, Value, Content, Index, To, count, Stream);

    /// <summary>The op's JSON array, e.g. <c>[1,[0,3,1],"class","done","LI"]</c> or <c>[4,[1],3,"&lt;li&gt;x&lt;/li&gt;","UL",7]</c>.</summary>
    public override string ToString() => PatchOpJson.ToJson(this);
}

/// <summary>
/// The rows a <see cref="PatchOpCode.Stream"/> op changes, applied in this order: empty the container when
/// <see cref="Reset"/>; remove the rows with the ids of <see cref="Deletes"/>; then each insert, after which the container
/// keeps at most <see cref="Limit"/> element children (0: no limit), dropping from the start for an insert at the end
/// (<c>At</c> = -1) and from the end otherwise.
/// </summary>
internal sealed record StreamChange(bool Reset, int Limit, IReadOnlyList<string> Deletes, IReadOnlyList<StreamInsert> Inserts);

/// <summary>
/// One row of a stream op: replaces the container's child with id <see cref="DomId"/> in place when there is one, else is
/// inserted before element child <see cref="At"/> (-1 or past the end: appended). <see cref="Content"/> is one element.
/// </summary>
internal sealed record StreamInsert(string DomId, int At, PatchContent Content);
