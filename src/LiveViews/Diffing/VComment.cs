namespace LiveViews.Diffing;

/// <summary>A comment node.</summary>
internal sealed class VComment(string data) : VNode
{
    /// <summary>The comment data (what is between <c>&lt;!--</c> and <c>--&gt;</c>).</summary>
    public string Data { get; } = data;

    public override int NodeType => 8;

    public override string ToString() => "<!--" + Data + "-->";
}
