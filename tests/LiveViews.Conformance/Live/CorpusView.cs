namespace LiveViews.Conformance.Live;

/// <summary>
/// Renders a case of the corpus as its template's HTML (<c>?case=N</c>), or, with <c>?chain=N</c>, the renders of a
/// chain one event (<see cref="Next"/>) at a time: the suite's views on a real server.
/// </summary>
public sealed class CorpusView : LiveView
{
    private IReadOnlyList<string> _renders = [];

    /// <summary>The current render's HTML.</summary>
    public string Html => _renders.Count == 0 ? "" : _renders[Math.Min(Step, _renders.Count - 1)];

    /// <summary>How many events have advanced the chain.</summary>
    public int Step { get; private set; }

    public override Task MountAsync(MountContext context)
    {
        if (context.Params.TryGetValue("case", out var c)) _renders = [Corpus.Cases[int.Parse(c)]];
        else if (context.Params.TryGetValue("chain", out var n)) _renders = Corpus.Chains[int.Parse(n)].Select(blocks => string.Concat(blocks)).ToList();
        return Task.CompletedTask;
    }

    /// <summary>Shows the chain's next render.</summary>
    [LiveEvent] public void Next() => Step++;
}
