using System.Collections;

namespace LiveViews;

/// <summary>
/// A collection a view shows without keeping it (Phoenix LiveView's streams): the server renders the rows inserted since
/// the last render, sends them as a stream op (docs/protocol.md, "Streams") and forgets them; the browser keeps them in
/// the stream's container, the element with <c>lv-stream="name"</c> and an <c>id</c>, keyed by each row's DOM id. The
/// diff never looks at the container's children, so a stream of any length costs the server only what one render's
/// inserts cost. Created by <see cref="LiveView.Stream{T}"/>.
/// </summary>
/// <remarks>
/// In the template, enumerate the stream inside its container and render one element per row whose <c>id</c> is the
/// row's <see cref="StreamRow{T}.DomId"/>: <c>&lt;ul id="feed" lv-stream="feed"&gt;@foreach (var row in Model.Feed)
/// { &lt;li id="@row.DomId"&gt;…&lt;/li&gt; }&lt;/ul&gt;</c>. Enumeration yields the rows inserted since the last render
/// (in the static render and at a join: what the mount inserted). After a join the client resets the container to
/// those rows, so a reconnect shows what the view supplies at mount. The container must sit in the view's own template
/// (not in a live component, nor inside a <c>Html.LiveSegment</c>) and keep its identity across renders: an ancestor
/// replaced whole comes back with the rows it had (the client keeps a container's children by its id). Not thread-safe:
/// use it from the view's handlers, as the rest of its state.
/// </remarks>
public abstract class LiveStream
{
    private protected LiveStream(string name, int limit)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A stream needs a name.", nameof(name));
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Name = name;
        Limit = limit;
    }

    /// <summary>The name, the value of the container's <c>lv-stream</c> attribute.</summary>
    public string Name { get; }

    /// <summary>
    /// Most rows the browser keeps (0: no limit). After each insert past it, rows are dropped from the other end: the
    /// first ones for an insert at the end, the last ones for an insert anywhere else.
    /// </summary>
    public int Limit { get; }

    /// <summary>Whether the container is emptied before this render's rows.</summary>
    internal bool PendingReset { get; private protected set; }

    /// <summary>DOM ids removed since the last render, in order.</summary>
    internal List<string> PendingDeletes { get; } = [];

    /// <summary>The DOM ids and positions of the rows inserted since the last render, in order.</summary>
    internal abstract IReadOnlyList<(string DomId, int At)> PendingInserts { get; }

    /// <summary>True when the next render has something to send.</summary>
    internal bool HasPending => PendingReset || PendingDeletes.Count > 0 || PendingInserts.Count > 0;

    /// <summary>Forgets what was sent (the rows, so the server keeps none).</summary>
    internal abstract void Clear();

    /// <summary>Marks the next render's rows as a reset (a join: the client shows exactly what the mount inserted).</summary>
    internal void ForceReset() => PendingReset = true;
}

/// <summary>A stream of <typeparamref name="T"/> rows; see <see cref="LiveStream"/>.</summary>
/// <typeparam name="T">The row type the template renders.</typeparam>
public sealed class LiveStream<T> : LiveStream, IEnumerable<StreamRow<T>>
{
    private readonly Func<T, string> _domId;
    private readonly List<StreamRow<T>> _rows = [];
    private readonly List<(string DomId, int At)> _positions = [];

    internal LiveStream(string name, Func<T, string> domId, int limit) : base(name, limit)
    {
        ArgumentNullException.ThrowIfNull(domId);
        _domId = domId;
    }

    internal override IReadOnlyList<(string DomId, int At)> PendingInserts => _positions;

    /// <summary>
    /// Inserts <paramref name="item"/> (or, when the browser has a row with the same DOM id, replaces that row in place).
    /// </summary>
    /// <param name="item">The row.</param>
    /// <param name="at">-1: at the end; 0: at the start; N: before the row that is N-th (0-based) when it arrives.</param>
    /// <returns>This stream.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="at"/> is below -1.</exception>
    /// <exception cref="ArgumentException">The DOM id is empty or longer than 200 characters.</exception>
    public LiveStream<T> Insert(T item, int at = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(at, -1);
        var id = _domId(item);
        if (string.IsNullOrEmpty(id) || id.Length > 200) throw new ArgumentException($"Stream '{Name}': a row's DOM id must have 1 to 200 characters, not '{id}'.", nameof(item));
        _rows.Add(new StreamRow<T>(id, item));
        _positions.Add((id, at));
        return this;
    }

    /// <summary>Inserts <paramref name="items"/> in order, each at <paramref name="at"/> (so at 0 the last one ends first).</summary>
    /// <returns>This stream.</returns>
    public LiveStream<T> InsertRange(IEnumerable<T> items, int at = -1)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items) Insert(item, at);
        return this;
    }

    /// <summary>Removes the browser's row of <paramref name="item"/> (by its DOM id); a row the browser does not have is ignored.</summary>
    /// <returns>This stream.</returns>
    public LiveStream<T> Delete(T item) => DeleteById(_domId(item));

    /// <summary>Removes the browser's row with DOM id <paramref name="domId"/>; an id the browser does not have is ignored.</summary>
    /// <returns>This stream.</returns>
    public LiveStream<T> DeleteById(string domId)
    {
        ArgumentException.ThrowIfNullOrEmpty(domId);
        // A delete after an insert of the same row in this render: the insert is not sent at all.
        int i = _positions.FindIndex(p => p.DomId == domId);
        while (i >= 0)
        {
            _positions.RemoveAt(i);
            _rows.RemoveAt(i);
            i = _positions.FindIndex(p => p.DomId == domId);
        }
        PendingDeletes.Add(domId);
        return this;
    }

    /// <summary>Empties the browser's container, then inserts <paramref name="items"/> (if any) at the end.</summary>
    /// <returns>This stream.</returns>
    public LiveStream<T> Reset(IEnumerable<T>? items = null)
    {
        _rows.Clear();
        _positions.Clear();
        PendingDeletes.Clear();
        PendingReset = true;
        if (items is not null) InsertRange(items);
        return this;
    }

    /// <summary>The rows inserted since the last render, for the template to render (each as one element with id <see cref="StreamRow{T}.DomId"/>).</summary>
    public IEnumerator<StreamRow<T>> GetEnumerator() => _rows.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal override void Clear()
    {
        _rows.Clear();
        _positions.Clear();
        PendingDeletes.Clear();
        PendingReset = false;
    }
}

/// <summary>A row of a <see cref="LiveStream{T}"/> being rendered: the element's DOM id and the item.</summary>
/// <param name="DomId">The <c>id</c> the row's element must have.</param>
/// <param name="Item">The row's item.</param>
public readonly record struct StreamRow<T>(string DomId, T Item);
