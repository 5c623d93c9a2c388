namespace LiveViews.Diffing;

/// <summary>
/// Structural equality of <see cref="VNode"/> trees: node type, namespace, tag, attributes as a set (their order means
/// nothing in the DOM, and the differ does not keep it), text and comment data, children. Used to prove that HTML
/// re-parses to the tree it was serialized from, and that a render parses the same inside the page as on its own.
/// Reference-equal subtrees are equal in O(1).
/// </summary>
internal static class TreeEquality
{
    /// <summary>Whether the two child lists are structurally equal.</summary>
    public static bool Equal(ReadOnlySpan<VNode> a, ReadOnlySpan<VNode> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
            if (!Equal(a[i], b[i])) return false;
        return true;
    }

    /// <summary>Whether the two nodes are structurally equal.</summary>
    public static bool Equal(VNode a, VNode b)
    {
        if (ReferenceEquals(a, b)) return true;
        // A live component's node is its root element (what the client gets when an op sends it).
        if (a is VComponent componentA) a = componentA.Content.Root;
        if (b is VComponent componentB) b = componentB.Content.Root;
        switch (a)
        {
            case VText ta: return b is VText tb && string.Equals(ta.Data, tb.Data, StringComparison.Ordinal);
            case VComment ca: return b is VComment cb && string.Equals(ca.Data, cb.Data, StringComparison.Ordinal);
            case VElement ea:
                if (b is not VElement eb || ea.Namespace != eb.Namespace || !string.Equals(ea.Tag, eb.Tag, StringComparison.Ordinal)
                    || !SameAttributes(ea.Attributes, eb.Attributes)) return false;
                return Equal(ea.Children, eb.Children);
            default: return false;
        }
    }

    /// <summary>Whether two attribute lists hold the same name-value pairs (names are unique in an element), in any order.</summary>
    public static bool SameAttributes(HtmlAttribute[] a, HtmlAttribute[] b)
    {
        if (ReferenceEquals(a, b) || a.AsSpan().SequenceEqual(b)) return true;
        if (a.Length != b.Length) return false;
        foreach (var attribute in a)
            if (Array.IndexOf(b, attribute) < 0) return false;
        return true;
    }

    /// <summary>A short description of where two child lists first differ (for error messages), or null when equal.</summary>
    public static string? Describe(ReadOnlySpan<VNode> expected, ReadOnlySpan<VNode> actual, string where = "")
    {
        for (int i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            if (i >= expected.Length) return $"{where}/{i}: an extra {Name(actual[i])}";
            if (i >= actual.Length) return $"{where}/{i}: {Name(expected[i])} is missing";
            if (Equal(expected[i], actual[i])) continue;
            if (expected[i] is VElement ea && actual[i] is VElement eb && ea.Namespace == eb.Namespace && ea.Tag == eb.Tag
                && SameAttributes(ea.Attributes, eb.Attributes))
                return Describe(ea.Children, eb.Children, $"{where}/{i}<{ea.Tag}>");
            return $"{where}/{i}: {Name(expected[i])} became {Name(actual[i])}";
        }
        return null;
    }

    private static string Name(VNode node) => node switch
    {
        VElement e => "<" + e.Tag + ">",
        VText t => "text \"" + Start(t.Data) + "\"",
        VComment c => "comment \"" + Start(c.Data) + "\"",
        _ => node.GetType().Name,
    };

    private static string Start(string s) => s.Length <= 24 ? s : s[..24] + "…";
}
