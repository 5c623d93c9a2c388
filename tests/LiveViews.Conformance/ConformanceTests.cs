using LiveViews.Diffing;
using Xunit.Abstractions;

namespace LiveViews.Conformance;

/// <summary>
/// What the server diffs is what the browser shows (issue 15): the suite's assertions over the run of
/// <see cref="ConformanceRun"/> in Debian's Chromium. The figures are printed to the test output and written to
/// <c>conformance-report.txt</c> next to the test assembly (and to <c>$LV_CONFORMANCE_REPORT</c> when set).
/// </summary>
[Collection(ConformanceCollection.Name)]
public sealed class ConformanceTests(ConformanceFixture fixture, ITestOutputHelper output)
{
    private ConformanceRun Run => fixture.Run;

    private static string Describe(IEnumerable<StepRecord> steps) => string.Join("\n\n", steps.Take(5).Select(s =>
        $"{s.Mode} chain {s.Chain} step {s.Step}: render {s.Render}\n  ops: {s.Ops}\n  warning: {s.Warning}\n  dom:     {s.Dom}\n  server:  {s.Server}\n  browser: {s.Browser}"));

    [Fact]
    public void Report_the_figures()
    {
        var report = Run.Report();
        output.WriteLine(report);
        if (Environment.GetEnvironmentVariable("LV_CONFORMANCE_DETAILS") is { Length: > 0 } details)
            File.WriteAllText(details, "BALANCED BUT DIFFERENT\n" + string.Join("\n\n", Run.BalancedButDifferent) + "\n\nWRONG\n"
                + string.Join("\n\n", Run.Steps.Where(s => s.Outcome == StepOutcome.Wrong).Select(s =>
                    $"{s.Mode} chain {s.Chain} step {s.Step}: render {s.Render}\n  ops: {s.Ops}\n  warning: {s.Warning}\n  dom:     {s.Dom}\n  server:  {s.Server}\n  browser: {s.Browser}")));
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "conformance-report.txt"), report);
        if (Environment.GetEnvironmentVariable("LV_CONFORMANCE_REPORT") is { Length: > 0 } path) File.WriteAllText(path, report);
        foreach (var (html, server, browser) in Run.Disagreements.Take(40))
            output.WriteLine($"parser difference: {html}\n  AngleSharp: {server}\n  Chromium:   {browser}");
        Assert.True(Run.Cases >= 300, $"only {Run.Cases} cases");
        Assert.True(Run.Steps.Count >= 3000, $"only {Run.Steps.Count} patch steps");
    }

    [Fact]
    public void Every_step_is_correct_or_resynced_to_the_server_tree()
    {
        var wrong = Run.Steps.Where(s => s.Asserted && s.Outcome == StepOutcome.Wrong).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} steps left a wrong DOM:\n{Describe(wrong)}");
    }

    [Fact]
    public void A_step_resynced_to_the_server_tree_only_where_the_parsers_differ()
    {
        // (AsServer is only counted when the DOM differs from Chromium's parse, i.e. where the two parsers differ.)
        var unexplained = Run.Steps.Where(s => s.Outcome is StepOutcome.AsServer or StepOutcome.Mixed && s.Server == s.Browser).ToList();
        Assert.True(unexplained.Count == 0, Describe(unexplained));
    }

    [Fact]
    public void No_patch_runs_a_script()
    {
        var ran = Run.Steps.Where(s => s.ScriptsRun > 0).ToList();
        Assert.True(ran.Count == 0, $"{ran.Count} steps ran scripts:\n{Describe(ran)}");
    }

    [Fact]
    public void No_segment_marker_reaches_the_dom()
    {
        var leaks = Run.Steps.Where(s => s.MarkerLeaks > 0).ToList();
        Assert.True(leaks.Count == 0, $"{leaks.Count} steps leaked markers:\n{Describe(leaks)}");
    }

    [Fact]
    public void The_client_script_is_never_swallowed_by_a_template()
    {
        Assert.Equal(0, Run.PagesWithoutClientScript);
    }

    [Fact]
    public void A_render_the_development_check_lets_through_parses_in_the_page_as_on_its_own()
    {
        Assert.True(Run.BalancedButDifferent.Count == 0, "passed the check but Chromium's page parse differs:\n" + string.Join("\n", Run.BalancedButDifferent.Take(10)));
    }

    [Fact]
    public void The_client_starts_for_every_template_that_passes_the_development_check()
    {
        Assert.True(Run.ClientStartCandidates > 0);
        Assert.Equal(Math.Min(24, Run.ClientStartCandidates), Run.Joined);
        Assert.True(Run.ClientDidNotStart.Count == 0,
            $"{Run.ClientDidNotStart.Count} did not start: " + string.Join("\n", Run.ClientDidNotStart.Take(10).Select(i => Corpus.Cases[i])) + "\n" + string.Join("\n", fixture.ServerLog.TakeLast(10)));
    }

    [Fact]
    public void The_development_check_rejects_the_unbalanced_templates()
    {
        // Every unbalanced family block alone is rejected by the server (500), or its first render is balanced after all.
        Assert.True(Run.RejectedByDevelopmentCheck > 0);
    }
}
