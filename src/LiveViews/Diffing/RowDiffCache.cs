using System.Runtime.CompilerServices;

namespace LiveViews.Diffing;

/// <summary>
/// The ops that patch one lazy row element (<see cref="VElement.IsLazy"/>) into another, remembered per pair, so a
/// change between two row contents seen before (a row toggled back, every row toggled again, a selection moving back)
/// is diffed without parsing either row again.
/// </summary>
/// <remarks>
/// A lazy element is the shared parse of one segment's HTML in one place, immutable, so the ops between two of them
/// depend on nothing else but where the row is: its path and its parent's child count. They are kept with the path of
/// the row cut off and given the current ones when replayed (<see cref="TreeDiffer"/>). One pair is kept per old row
/// (the last one diffed from it), held as long as the old row is; the new row is held weakly. A view forgets the pairs
/// from its rows once it is idle (<see cref="ViewTree.Compact"/>).
/// </remarks>
internal static class RowDiffCache
{
    private static readonly ConditionalWeakTable<VElement, Entry> Entries = new();

    /// <summary>The ops from <paramref name="from"/> to <paramref name="to"/> as recorded at a row path of length <paramref name="RowDepth"/>.</summary>
    private sealed class Entry(VElement to, PatchOp[] ops, int rowDepth)
    {
        public readonly WeakReference<VElement> To = new(to);
        public readonly PatchOp[] Ops = ops;
        public readonly int RowDepth = rowDepth;
    }

    /// <summary>Whether the ops from <paramref name="from"/> to <paramref name="to"/> are known.</summary>
    public static bool Has(VElement from, VElement to) => Find(from, to) is not null;

    /// <summary>Whether the ops from the row of <paramref name="from"/> to that of <paramref name="to"/> (one-element segments) are known.</summary>
    public static bool Has(ParsedSegment from, ParsedSegment to) => from.Row is { } a && to.Row is { } b && Has(a, b);

    /// <summary>Remembers <paramref name="ops"/> (absolute, as just diffed) from <paramref name="from"/> to <paramref name="to"/> at a row path of length <paramref name="rowDepth"/>.</summary>
    public static void Add(VElement from, VElement to, ReadOnlySpan<PatchOp> ops, int rowDepth) =>
        Entries.AddOrUpdate(from, new Entry(to, ops.ToArray(), rowDepth));

    /// <summary>Forgets the ops from <paramref name="from"/> (an idle view compacting: what it holds goes back to its current tree).</summary>
    public static void Forget(VElement from) => Entries.Remove(from);

    /// <summary>
    /// Appends the known ops from <paramref name="from"/> to <paramref name="to"/> to <paramref name="output"/>, for the
    /// row that is child <paramref name="index"/> of the element at <paramref name="parentPath"/>, which has
    /// <paramref name="siblings"/> children; false when unknown.
    /// </summary>
    public static bool TryReplay(VElement from, VElement to, ReadOnlySpan<int> parentPath, int index, int siblings, List<PatchOp> output)
    {
        if (Find(from, to) is not { } entry) return false;
        foreach (var op in entry.Ops)
        {
            var tail = op.Path.AsSpan(entry.RowDepth);
            var path = new int[parentPath.Length + 1 + tail.Length];
            parentPath.CopyTo(path);
            path[parentPath.Length] = index;
            tail.CopyTo(path.AsSpan(parentPath.Length + 1));
            // An op on the row itself counts the row's siblings; an insert or move there, and any op deeper, counts a list inside the row.
            bool countsSiblings = tail.IsEmpty && op.Code is not (PatchOpCode.Insert or PatchOpCode.Move);
            output.Add(op.At(path, countsSiblings ? siblings : op.Count));
        }
        return true;
    }

    private static Entry? Find(VElement from, VElement to) =>
        Entries.TryGetValue(from, out var entry) && entry.To.TryGetTarget(out var known) && ReferenceEquals(known, to) ? entry : null;
}
