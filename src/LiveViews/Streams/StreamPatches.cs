using LiveViews.Diffing;

namespace LiveViews.Streams;

/// <summary>
/// Turns what a render wrote in a view's stream containers (<see cref="ViewTree.LastStreams"/>) into stream ops
/// (<see cref="PatchOpCode.Stream"/>), then forgets the rows: the server keeps none. See docs/protocol.md, "Streams".
/// </summary>
internal static class StreamPatches
{
    /// <summary>
    /// Checks a render's stream containers against <paramref name="view"/>'s streams before the render is committed:
    /// each container has an id and a unique name, and holds exactly its stream's pending rows, in order, each one
    /// element whose id is the row's DOM id; a stream with pending changes has a container.
    /// </summary>
    /// <exception cref="InvalidOperationException">The template does not render its streams as described above.</exception>
    public static void Check(LiveView view, IReadOnlyList<StreamRender> renders)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var render in renders)
        {
            var name = render.Name;
            if (!seen.Add(name))
                throw Error(view, $"two elements have lv-stream=\"{name}\"; a stream has one container.");
            if (!HasId(render.Container))
                throw Error(view, $"the container of stream '{name}' has no id; the browser keeps its rows by the container's id.");
            var stream = Find(view, name);
            var pending = stream?.PendingInserts ?? [];
            int row = 0;
            foreach (var node in render.Rows)
            {
                if (node is VText t && string.IsNullOrWhiteSpace(t.Data)) continue;
                if (node is VComment) continue;
                if (node is not VElement e)
                    throw Error(view, $"the container of stream '{name}' holds text; it must hold only its rows, one element each.");
                if (stream is null)
                    throw Error(view, $"the container lv-stream=\"{name}\" holds rows, but the view has no stream '{name}' (LiveView.Stream).");
                if (row >= pending.Count)
                    throw Error(view, $"the container of stream '{name}' holds more elements than the {pending.Count} rows inserted since the last render: render only the stream's rows in it.");
                var id = IdOf(e);
                if (id != pending[row].DomId)
                    throw Error(view, $"row {row} of stream '{name}' has id '{id}', but its DOM id is '{pending[row].DomId}': give each row's element id=\"@row.DomId\".");
                row++;
            }
            if (stream is not null && row < pending.Count)
                throw Error(view, $"the container of stream '{name}' holds {row} rows, but {pending.Count} were inserted since the last render: render every row of the stream in it.");
        }
        foreach (var stream in view.Streams ?? [])
            if (stream.HasPending && !seen.Contains(stream.Name))
                throw Error(view, $"stream '{stream.Name}' changed, but the render has no element with lv-stream=\"{stream.Name}\" (it must be in the view's own template, outside live segments and components).");
    }

    /// <summary>
    /// The stream ops of the render <paramref name="tree"/> just committed, appended to <paramref name="ops"/> (returned,
    /// a new list when there are any), and the streams forgotten. At a join (<paramref name="join"/>) every container is
    /// reset first, so a reconnected page shows exactly what the mount inserted.
    /// </summary>
    public static IReadOnlyList<PatchOp> Append(LiveView view, ViewTree tree, IReadOnlyList<PatchOp> ops, bool join)
    {
        var renders = tree.LastStreams;
        if (renders.Count == 0) return ops;
        List<PatchOp>? result = null;
        foreach (var render in renders)
        {
            var stream = Find(view, render.Name);
            if (stream is null && !join) continue;
            bool reset = join || stream!.PendingReset;
            var deletes = join || stream is null ? [] : stream.PendingDeletes.ToArray();
            var inserts = new List<StreamInsert>();
            int row = 0;
            foreach (var node in render.Rows)
            {
                if (node is not VElement e) continue;
                var (domId, at) = stream!.PendingInserts[row++];
                inserts.Add(new StreamInsert(domId, at, tree.Encode(render.Container, e)));
            }
            if (!reset && deletes.Length == 0 && inserts.Count == 0) continue;
            var path = render.Path;
            var siblings = path.Length == 1 ? tree.Children : ((VElement)Resolve(tree.Children, path[..^1])).Children;
            (result ??= [.. ops]).Add(PatchOp.StreamRows(path, new StreamChange(reset, stream?.Limit ?? 0, deletes, inserts),
                render.Container.DomNodeName, siblings.Length));
        }
        foreach (var stream in view.Streams ?? []) stream.Clear();
        return result ?? ops;
    }

    private static VNode Resolve(VNode[] children, ReadOnlySpan<int> path)
    {
        VNode node = children[path[0]];
        foreach (var i in path[1..]) node = ((VElement)node).Children[i];
        return node;
    }

    private static LiveStream? Find(LiveView view, string name)
    {
        foreach (var stream in view.Streams ?? [])
            if (stream.Name == name) return stream;
        return null;
    }

    private static bool HasId(VElement e) => !string.IsNullOrEmpty(IdOf(e));

    private static string? IdOf(VElement e)
    {
        foreach (var a in e.Attributes)
            if (a.Name == "id") return a.Value;
        return null;
    }

    private static InvalidOperationException Error(LiveView view, string message) => new($"{view.GetType().Name}: {message}");
}
