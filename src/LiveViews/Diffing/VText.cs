namespace LiveViews.Diffing;

/// <summary>A text node. Never empty, and never next to another text node in a child list.</summary>
internal sealed class VText(string data) : VNode
{
    /// <summary>The character data, decoded (no entities).</summary>
    public string Data { get; } = data;

    public override int NodeType => 3;

    public override string ToString() => "#text " + Data;
}
