namespace LiveViews.Diffing;

/// <summary>One attribute of a <see cref="VElement"/>: its serialized name (e.g. <c>class</c>, <c>xlink:href</c>) and value.</summary>
internal readonly record struct HtmlAttribute(string Name, string Value);
