using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>What an <see cref="OptimisticOp"/> changes.</summary>
internal enum OpKind
{
    /// <summary>A DOM property (<c>value</c>, <c>checked</c>; a select's value is its selected option values).</summary>
    Prop,
    /// <summary>An attribute (a null value removes it).</summary>
    Attr,
    /// <summary>A class present (true) or absent.</summary>
    Class,
    /// <summary>The element's children become a text (undo puts the original child nodes back).</summary>
    Text,
}

/// <summary>
/// One absolute DOM change an optimistic event predicts (client/src/optimistic.ts, <c>OptimisticOp</c>). <see cref="Keep"/>
/// marks a form control value the user already set: a rebase never undoes it, a failure restores the server's default.
/// </summary>
internal sealed record OptimisticOp(IElement El, object Loc, OpKind Kind, string Name, object? Value, bool Keep = false)
{
    /// <summary>The element; re-pointed when a patch replaced the original.</summary>
    public IElement El { get; set; } = El;

    // Identity, not value equality: two predictions of the same change are still two ops.
    public bool Equals(OptimisticOp? other) => ReferenceEquals(this, other);
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}

/// <summary>The optimistic effect of one sent event (or of several coalesced events sent as one).</summary>
internal sealed class Entry(int seq)
{
    /// <summary>The event ref; 0 while the send waits in a debounce/throttle.</summary>
    public long Ref { get; set; }
    public int Seq { get; } = seq;
    public List<OptimisticOp> Ops { get; } = [];
    public ClientTimers.Timeout? Timer { get; set; }
    /// <summary>Answered while a resync is pending: dropped when the full render lands, not before.</summary>
    public bool Done { get; set; }
}

/// <summary>
/// The pending log of one view, keyed by ref (client/src/optimistic.ts, <c>createPendingLog</c>): the displayed DOM is
/// always the server-confirmed DOM with the pending entries' ops replayed on top in ref order (staged entries last).
/// </summary>
internal sealed class PendingLog(PageDom dom, IElement root)
{
    /// <summary>Class carried by every element a pending optimistic entry touches.</summary>
    public const string PendingClass = "optimistic-pending";

    private List<(OptimisticOp Op, object? Prior)> _applied = [];
    private int _seq;

    /// <summary>Pending entries: sent ones by ref, then staged ones (ref 0) in creation order.</summary>
    public List<Entry> Entries { get; } = [];

    /// <summary>Id, or child-node path from the root, to find <paramref name="el"/> again after a patch replaced it.</summary>
    public static object Locator(IElement root, IElement el)
    {
        if (!string.IsNullOrEmpty(el.Id)) return el.Id;
        var path = new List<int>();
        for (INode n = el; !ReferenceEquals(n, root) && n.Parent is { } parent; n = parent)
        {
            var i = 0;
            while (!ReferenceEquals(parent.ChildNodes[i], n)) i++;
            path.Insert(0, i);
        }
        return path.ToArray();
    }

    /// <summary>The op's element if still under the root, else its replacement (same id, or same path and tag), else null.</summary>
    public IElement? Locate(OptimisticOp op) => Locate(root, op);

    public static IElement? Locate(IElement root, OptimisticOp op)
    {
        if (Tree.Within(root, op.El)) return op.El;
        INode? found = null;
        try { found = op.Loc is string id ? Tree.ById(root, id) : PatchApplier.Resolve(root, (int[])op.Loc); }
        catch (PatchFailedException) { }
        return found is IElement el && el.NodeName == op.El.NodeName ? op.El = el : null;
    }

    /// <summary>Applies <paramref name="ops"/> now and records them as a new staged entry (ref 0 until sent).</summary>
    public Entry Add(IEnumerable<OptimisticOp> ops)
    {
        var entry = new Entry(++_seq);
        Entries.Add(entry);
        void Push(OptimisticOp op)
        {
            Apply(op);
            entry.Ops.Add(op);
        }
        foreach (var op in ops)
        {
            Push(op);
            // the pending class is an op of the entry too, so it goes away with it
            if (!entry.Ops.Any(o => ReferenceEquals(o.El, op.El) && o.Name == PendingClass))
                Push(op with { Kind = OpKind.Class, Name = PendingClass, Value = true, Keep = false });
        }
        return entry;
    }

    /// <summary>Coalescing of a held event and the next one: the entry that stands for both (<paramref name="held"/> if any, taking over <paramref name="next"/>'s applied ops).</summary>
    public Entry? Coalesce(Entry? held, Entry? next)
    {
        if (held is null || next is null) return held ?? next;
        held.Ops.AddRange(next.Ops);
        Entries.Remove(next);
        return held;
    }

    /// <summary>
    /// In one synchronous step: undoes every applied op (newest first), runs <paramref name="server"/> (the server's patch),
    /// drops the entries <paramref name="drop"/> selects, restores the form controls of those <paramref name="failed"/>
    /// selects to the server's defaults, then re-applies the remaining entries in ref order. Returns the failed entries' ops.
    /// </summary>
    public List<OptimisticOp> Rebase(Func<Entry, bool> drop, Func<Entry, bool>? failed = null, Action? server = null)
    {
        for (var i = _applied.Count - 1; i >= 0; i--)
        {
            var (op, prior) = _applied[i];
            if (!op.Keep && Tree.Within(root, op.El)) Write(op.El, op, prior);
        }
        _applied = [];
        server?.Invoke();
        var gone = Entries.Where(drop).ToList();
        foreach (var e in gone)
        {
            ClientTimers.Clear(e.Timer);
            Entries.Remove(e);
        }
        Entries.Sort(static (a, b) =>
        {
            var byRef = (a.Ref == 0 ? long.MaxValue : a.Ref).CompareTo(b.Ref == 0 ? long.MaxValue : b.Ref);
            return byRef != 0 ? byRef : a.Seq.CompareTo(b.Seq);
        });
        var bad = gone.Where(failed ?? (_ => false)).SelectMany(e => e.Ops).ToList();
        foreach (var op in bad)
            if (op.Keep && Locate(op) is { } el) FormControls.RestoreDefault(dom, el, op.Name);
        foreach (var e in Entries)
            foreach (var op in e.Ops) Apply(op);
        return bad;
    }

    private void Apply(OptimisticOp op)
    {
        if (Locate(op) is not { } el) return;
        _applied.Add((op, Read(el, op)));
        Write(el, op, op.Value);
    }

    private static object? Read(IElement el, OptimisticOp op) => op.Kind switch
    {
        OpKind.Prop => op.Name == "checked" ? FormControls.IsChecked(el) : FormControls.ValueOf(el),
        OpKind.Attr => el.GetAttribute(op.Name),
        OpKind.Class => el.ClassList.Contains(op.Name),
        _ => el.ChildNodes.ToArray(),
    };

    private void Write(IElement el, OptimisticOp op, object? value)
    {
        switch (op.Kind)
        {
            case OpKind.Prop:
                if (el is IHtmlSelectElement select && value is string[] values)
                    foreach (var o in FormControls.Options(select)) o.IsSelected = values.Contains(FormControls.OptionValue(o));
                else FormControls.SetProp(dom, el, op.Name, value);
                break;
            case OpKind.Attr: FormControls.SetAttr(dom, el, op.Name, (string?)value); break;
            case OpKind.Class: Tree.SetClass(el, op.Name, value is true); break;
            case OpKind.Text: Tree.ReplaceChildren(el, value is INode[] nodes ? nodes : [dom.Text((string)value!)]); break;
        }
    }
}
