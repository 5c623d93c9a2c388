namespace LiveViews.Diffing;

/// <summary>
/// One patch operation of docs/protocol.md. Paths are child-node indexes from the view root (<c>[]</c> is the root)
/// and are valid in the DOM as it is after the previous ops of the same list were applied. Immutable.
/// </summary>
[System.Text.Json.Serialization.JsonConverter(typeof(PatchOpJsonConverter))]
internal sealed class PatchOp
{
    private PatchOp(PatchOpCode code, int[] path, string? name = null, string? value = null, int index = 0, int to = 0)
    {
        Code = code;
        Path = path;
        Name = name;
        Value = value;
        Index = index;
        To = to;
    }

    /// <summary>The operation.</summary>
    public PatchOpCode Code { get; }

    /// <summary>The target node's path, or the parent's path for <see cref="PatchOpCode.Insert"/> and <see cref="PatchOpCode.Move"/>.</summary>
    public int[] Path { get; }

    /// <summary>Attribute name (<see cref="PatchOpCode.SetAttribute"/>, <see cref="PatchOpCode.RemoveAttribute"/>).</summary>
    public string? Name { get; }

    /// <summary>HTML (<see cref="PatchOpCode.Replace"/>, <see cref="PatchOpCode.Insert"/>), text (<see cref="PatchOpCode.SetText"/>) or attribute value.</summary>
    public string? Value { get; }

    /// <summary>Insert position (<see cref="PatchOpCode.Insert"/>) or source index (<see cref="PatchOpCode.Move"/>).</summary>
    public int Index { get; }

    /// <summary>Destination index (<see cref="PatchOpCode.Move"/>), counted after the node is taken out.</summary>
    public int To { get; }

    public static PatchOp Replace(int[] path, string html) => new(PatchOpCode.Replace, path, value: html);
    public static PatchOp SetAttribute(int[] path, string name, string value) => new(PatchOpCode.SetAttribute, path, name, value);
    public static PatchOp RemoveAttribute(int[] path, string name) => new(PatchOpCode.RemoveAttribute, path, name);
    public static PatchOp SetText(int[] path, string text) => new(PatchOpCode.SetText, path, value: text);
    public static PatchOp Insert(int[] parentPath, int index, string html) => new(PatchOpCode.Insert, parentPath, value: html, index: index);
    public static PatchOp Remove(int[] path) => new(PatchOpCode.Remove, path);
    public static PatchOp Move(int[] parentPath, int from, int to) => new(PatchOpCode.Move, parentPath, index: from, to: to);

    /// <summary>The op's JSON array, e.g. <c>[1,[0,3,1],"class","done"]</c>.</summary>
    public override string ToString() => PatchOpJson.ToJson(this);
}
