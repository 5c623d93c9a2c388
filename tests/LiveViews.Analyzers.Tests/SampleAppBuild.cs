using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LiveViews.Analyzers.Tests;

/// <summary>One diagnostic as the build printed it.</summary>
public sealed record BuildDiagnostic(string File, int Line, int Column, string Severity, string Id, string Message);

/// <summary>
/// Builds tests/Fixtures/AnalyzerSample (a copy in a temporary folder) once with the installed SDK, so the analyzer runs
/// where users run it: in the SDK's compiler, on the C# the real Razor source generator emits, and reports into .cshtml files.
/// </summary>
public sealed partial class SampleAppBuild : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lv-analyzer-sample-" + Guid.NewGuid().ToString("N")[..8]);

    public SampleAppBuild()
    {
        CopyDirectory(FindFixture(), _directory);
        var output = AppContext.BaseDirectory;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "build", Path.Combine(_directory, "AnalyzerSample.csproj"), "-nologo", "-v:q", "-clp:NoSummary",
                "-p:LiveViewsAssembly=" + Path.Combine(output, "LiveViews.dll"),
                "-p:LiveViewsAnalyzer=" + Path.Combine(output, "LiveViews.Analyzers.dll"),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        Output = process.StandardOutput.ReadToEnd() + stderr.Result;
        if (!process.WaitForExit(TimeSpan.FromMinutes(5))) { process.Kill(entireProcessTree: true); throw new TimeoutException("sample build took over 5 minutes"); }
        ExitCode = process.ExitCode;
        Diagnostics = DiagnosticLine().Matches(Output)
            .Select(m => new BuildDiagnostic(Path.GetRelativePath(_directory, m.Groups["file"].Value).Replace('\\', '/'),
                int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["severity"].Value, m.Groups["id"].Value, m.Groups["message"].Value.Trim()))
            .Distinct()
            .ToList();
    }

    public string Output { get; }
    public int ExitCode { get; }
    public IReadOnlyList<BuildDiagnostic> Diagnostics { get; }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } // best effort: a build server may still hold a file
    }

    private static string FindFixture()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Fixtures", "AnalyzerSample");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/Fixtures/AnalyzerSample not found above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^[ \t]*(?<file>[^\s(][^(\r\n]*)\((?<line>\d+),(?<col>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<message>[^\r\n]*?)(\s\[[^\]\r\n]*\])?\r?$", RegexOptions.Multiline)]
    private static partial Regex DiagnosticLine();
}
