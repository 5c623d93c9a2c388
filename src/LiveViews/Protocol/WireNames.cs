namespace LiveViews.Protocol;

/// <summary>
/// The names both halves of the wire protocol (docs/protocol.md) agree on: hub methods, the server-to-client message and
/// the attributes of a view root. Short because they travel on every frame; the client's copy is client/src/protocol.ts.
/// </summary>
internal static class WireNames
{
    /// <summary>Client → server invocation: mount the view named by a signed token; returns a <see cref="JoinResult"/>.</summary>
    public const string Join = "join";

    /// <summary>Client → server send: an event for a handler (<c>viewId, ref, handler, args</c>).</summary>
    public const string Event = "e";

    /// <summary>Client → server send: an event for a live component's handler (<c>viewId, ref, componentId, handler, args</c>).</summary>
    public const string ComponentEvent = "c";

    /// <summary>Client → server send: ask for a full render after a version gap (<c>viewId</c>).</summary>
    public const string Resync = "resync";

    /// <summary>Client → server invocation: unmount a view (<c>viewId</c>).</summary>
    public const string Leave = "leave";

    /// <summary>Client → server invocation: upload preflight (<c>viewId, uploadName, entries</c>); returns tokens per file (docs/protocol.md, "Uploads").</summary>
    public const string Upload = "u";

    /// <summary>Request header carrying an upload token on the chunk endpoint.</summary>
    public const string UploadTokenHeader = "LV-Upload-Token";

    /// <summary>Server → client message carrying a <see cref="Reply"/> (<c>viewId, reply</c>).</summary>
    public const string Reply = "p";

    /// <summary>Client → server send: the browser now shows another URL of the view (<c>viewId, ref, url</c>); runs <c>HandleParamsAsync</c>, answered by a reply carrying the ref.</summary>
    public const string Patch = "patch";

    /// <summary>Client → server send: mount the view of a URL in place of the connection's main view (<c>seq, url</c>); answered by <see cref="Navigated"/>.</summary>
    public const string Navigate = "navigate";

    /// <summary>Server → client message answering the latest <see cref="Navigate"/> (<c>seq, NavigationResult</c>).</summary>
    public const string Navigated = "navigated";

    /// <summary>Marks the root of a routed view (the page's main view, the one live navigation replaces).</summary>
    public const string MainAttribute = "data-lv-main";

    /// <summary>Marks a view root element.</summary>
    public const string RootAttribute = "data-lv-root";

    /// <summary>The root's signed view token, which the client joins with.</summary>
    public const string TokenAttribute = "data-lv-token";

    /// <summary>The root's handler metadata (JSON, as the join result's <c>m</c>), so events made before the join are predicted, debounced and throttled.</summary>
    public const string MetaAttribute = "data-lv-m";

    /// <summary>The server that rendered or mounted the view (<see cref="Hosting.LiveViewOptions.NodeName"/>).</summary>
    public const string NodeAttribute = "data-lv-node";

    /// <summary>Class of a root until its first join succeeds (the client then sets <c>lv-connected</c>).</summary>
    public const string ConnectingClass = "lv-connecting";

    /// <summary>
    /// Key of the form metadata in the arguments of an event whose element is a form: the empty string, because a field
    /// without a name is never serialized, so no field of a user's form can collide with it (docs/protocol.md, "Forms").
    /// </summary>
    public const string FormMetaKey = "";

    /// <summary>In the form metadata: the names of the fields the user has touched (focused and left, or changed).</summary>
    public const string TouchedKey = "t";
}
