namespace LiveViews.Diffing;

/// <summary>The namespace of a <see cref="VElement"/>; it decides void/raw-text serialization and tag identity.</summary>
internal enum VNamespace : byte
{
    /// <summary>An HTML element (the tag name is lowercase).</summary>
    Html,
    /// <summary>An element inside <c>&lt;svg&gt;</c> (tag name case as the serializer writes it, e.g. <c>foreignObject</c>).</summary>
    Svg,
    /// <summary>An element inside <c>&lt;math&gt;</c>.</summary>
    MathML,
}
