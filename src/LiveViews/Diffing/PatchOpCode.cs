namespace LiveViews.Diffing;

/// <summary>Patch operation codes (docs/protocol.md, "Patch operations"); the value is the first element of the op's JSON array.</summary>
internal enum PatchOpCode : byte
{
    /// <summary><c>[0, path, html]</c>: replace the node at path with the nodes parsed from html.</summary>
    Replace = 0,
    /// <summary><c>[1, path, name, value]</c>: set an attribute.</summary>
    SetAttribute = 1,
    /// <summary><c>[2, path, name]</c>: remove an attribute.</summary>
    RemoveAttribute = 2,
    /// <summary><c>[3, path, text]</c>: set the data of a text or comment node.</summary>
    SetText = 3,
    /// <summary><c>[4, parentPath, index, html]</c>: insert the nodes parsed from html before child index.</summary>
    Insert = 4,
    /// <summary><c>[5, path]</c>: remove the node at path.</summary>
    Remove = 5,
    /// <summary><c>[6, parentPath, from, to]</c>: move child from so that it ends at index to.</summary>
    Move = 6,
}
