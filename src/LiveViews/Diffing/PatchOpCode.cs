namespace LiveViews.Diffing;

/// <summary>
/// Patch operation codes (docs/protocol.md, "Patch operations"); the value is the first element of the op's JSON array.
/// <c>content</c> is HTML or a node list; <c>check</c> is the nodeName the node at the path must have; <c>count</c> is how
/// many children the list the op works in has before it (the target's parent's; the element's at path for insert and move).
/// </summary>
internal enum PatchOpCode : byte
{
    /// <summary><c>[0, path, content, check, count]</c>: replace the node at path with the content's nodes.</summary>
    Replace = 0,
    /// <summary><c>[1, path, name, value, nodeName, count]</c>: set an attribute.</summary>
    SetAttribute = 1,
    /// <summary><c>[2, path, name, nodeName, count]</c>: remove an attribute.</summary>
    RemoveAttribute = 2,
    /// <summary><c>[3, path, text, count]</c> (a text node) or <c>[3, path, data, count, "#comment"]</c>: set the node's data.</summary>
    SetText = 3,
    /// <summary><c>[4, parentPath, index, content, parentNodeName, count]</c>: insert the content's nodes before child index.</summary>
    Insert = 4,
    /// <summary><c>[5, path, check, count]</c>: remove the node at path.</summary>
    Remove = 5,
    /// <summary><c>[6, parentPath, from, to, parentNodeName, count]</c>: move child from so that it ends at index to.</summary>
    Move = 6,
    /// <summary>
    /// <c>[7, path, reset, limit, deletes, inserts, nodeName, count]</c>: change the rows of the stream container at path
    /// (docs/protocol.md, "Streams"); inserts are <c>[domId, at, content]</c>.
    /// </summary>
    Stream = 7,
}
