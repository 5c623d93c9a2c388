using System.Buffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using LiveViews.Benchmarks.Live;
using LiveViews.Diffing;
using LiveViews.Rendering;

namespace LiveViews.Benchmarks;

/// <summary>
/// What the server does per event, minus the socket: the handler runs, the Razor template renders (the framework's
/// <see cref="TemplateRenderer"/>), <see cref="ViewTree.Update"/> diffs, and the ops are written as reply JSON.
/// One mounted <see cref="PipelineTodoView"/> (or a memoized twin, <see cref="RowTemplate"/>) of N rows, hosted by a built, unstarted app.
/// </summary>
internal sealed class EventPipeline : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TemplateRenderer _renderer;
    private readonly HttpContext _http;
    private readonly ArrayBufferWriter<byte> _json = new(4096);
    private int _nextId;

    private EventPipeline(WebApplication app, PipelineTodoView view)
    {
        _app = app;
        View = view;
        _renderer = app.Services.GetRequiredService<TemplateRenderer>();
        _http = new DefaultHttpContext { RequestServices = app.Services };
    }

    public PipelineTodoView View { get; }
    public TemplateRenderer Renderer => _renderer;
    public HttpContext Http => _http;

    /// <summary>The view's render state (its segment memo), as its session keeps it: connected, so reused rows are references to pooled segments.</summary>
    public ViewRenderState State { get; } = new(verifyMemoizedSegments: false) { Pool = SegmentPool.Shared };
    public ViewTree Tree { get; } = new();

    public static Task<EventPipeline> CreateAsync(int rows, bool memoized) => CreateAsync(rows, memoized ? RowTemplate.Memoized : RowTemplate.Plain);

    public static async Task<EventPipeline> CreateAsync(int rows, RowTemplate template)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EventPipeline).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.Services.AddLiveView();
        var app = builder.Build();
        PipelineTodoView view = template switch
        {
            RowTemplate.Memoized => new MemoPipelineTodoView(),
            RowTemplate.List => new ListPipelineTodoView(),
            _ => new PipelineTodoView(),
        };
        await view.MountAsync(new MountContext(new Dictionary<string, string> { ["rows"] = rows.ToString() }, true, new(), app.Services));
        var pipeline = new EventPipeline(app, view) { _nextId = rows + 1 };
        var first = await pipeline._renderer.RenderWithReferencesAsync(view, pipeline.State, pipeline._http);
        pipeline.Tree.Load(first.Html, first.References);
        return pipeline;
    }

    public Task<string> RenderAsync() => _renderer.RenderAsync(View, State, _http);

    /// <summary>One event: <paramref name="handler"/> runs, then render, diff and reply JSON. Returns the patch bytes.</summary>
    public async Task<int> EventAsync(Action<PipelineTodoView> handler)
    {
        handler(View);
        using var rendered = await _renderer.RenderToBufferAsync(View, State, _http);
        var ops = Tree.Update(rendered.Written, rendered.References, rendered.ReferencePositions);
        _json.ResetWrittenCount();
        return PatchOpJson.WriteAll(_json, ops);
    }

    /// <summary>The benchmarked event and its undo (two events), so the list returns to its initial state.</summary>
    public async Task<int> RoundTripAsync(TodoEvent e)
    {
        var middle = View.Items.Count / 2;
        switch (e)
        {
            case TodoEvent.Toggle:
                var id = View.Items[middle].Id;
                return await EventAsync(v => v.Toggle(id)) + await EventAsync(v => v.Toggle(id));
            case TodoEvent.Insert:
                var inserted = _nextId++;
                return await EventAsync(v => v.InsertMiddle(inserted)) + await EventAsync(v => v.RemoveMiddle());
            default:
                var removed = View.Items[middle];
                return await EventAsync(v => v.RemoveMiddle()) + await EventAsync(v => v.Items.Insert(middle, removed));
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
