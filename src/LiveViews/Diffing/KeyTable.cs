namespace LiveViews.Diffing;

/// <summary>
/// A bounded, lossy table of diff-key strings shared by every view of the process: the rows of a list carry the same ids
/// (<c>todo-1</c>, <c>todo-2</c>, …) in every view that shows it, even when their content differs, and an idle row keeps
/// its key after its attributes are dropped (<see cref="VElement.IsLazy"/>), so without the table each view holds its
/// own copy of every key (36 B per <c>todo-N</c>). A key goes into the slot its hash names, replacing the one there:
/// at most <see cref="Slots"/> strings are held whatever the ids, and a key that finds its slot taken by another is kept
/// as its own copy, as without the table. Sharing equal strings exposes nothing: a key is compared by its characters.
/// </summary>
internal static class KeyTable
{
    /// <summary>Slots in the table (a power of two): 64 KB of references, room for several pages' ids.</summary>
    public const int Slots = 8192;

    /// <summary>Keys longer than this are not shared (ids are short; a long key would hold its slot's memory).</summary>
    public const int MaxLength = 64;

    private static readonly string?[] s_slots = new string?[Slots];

    /// <summary>The table's string equal to <paramref name="key"/>, or <paramref name="key"/> itself (then remembered in its slot).</summary>
    public static string Share(string key)
    {
        if (key.Length > MaxLength) return key;
        ref string? slot = ref s_slots[string.GetHashCode(key.AsSpan()) & (Slots - 1)];
        // A reference is read and written whole, so a racing view sees one key or the other; either is a valid copy.
        var shared = Volatile.Read(ref slot);
        if (shared is not null && string.Equals(shared, key, StringComparison.Ordinal)) return shared;
        Volatile.Write(ref slot, key);
        return key;
    }
}
