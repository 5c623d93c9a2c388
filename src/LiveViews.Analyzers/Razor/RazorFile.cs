using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LiveViews.Analyzers.Razor;

/// <summary>The .cshtml a generated page came from: its path (from <c>#pragma checksum</c>), app-relative name and text.</summary>
internal sealed class RazorFile
{
    private RazorFile(string path, string name, SourceText? text)
    {
        Path = path;
        Name = name;
        Text = text;
    }

    /// <summary>Full path of the .cshtml, as Razor wrote it in <c>#pragma checksum</c>.</summary>
    public string Path { get; }

    /// <summary>App-relative path for messages, e.g. <c>Live/CounterView.cshtml</c>.</summary>
    public string Name { get; }

    /// <summary>The .cshtml text (an additional file of the compilation), or null when the compiler was not given it.</summary>
    public SourceText? Text { get; }

    public static RazorFile Of(SyntaxTree tree, INamedTypeSymbol page, ImmutableArray<AdditionalText> additionalFiles, CancellationToken cancellation)
    {
        var checksum = tree.GetRoot(cancellation).GetLeadingTrivia()
            .Select(t => t.GetStructure()).OfType<Microsoft.CodeAnalysis.CSharp.Syntax.PragmaChecksumDirectiveTriviaSyntax>()
            .FirstOrDefault();
        var path = checksum?.File.ValueText ?? tree.FilePath;
        var identifier = page.GetAttributes()
            .Where(a => a.AttributeClass?.Name == "RazorCompiledItemMetadataAttribute" && a.ConstructorArguments.Length == 2 && a.ConstructorArguments[0].Value as string == "Identifier")
            .Select(a => a.ConstructorArguments[1].Value as string).FirstOrDefault();
        var name = identifier?.TrimStart('/') ?? System.IO.Path.GetFileName(path);
        var file = additionalFiles.FirstOrDefault(f => SamePath(f.Path, path));
        return new RazorFile(path, name, file?.GetText(cancellation));
    }

    /// <summary>
    /// The location of <paramref name="length"/> characters written at output index <paramref name="index"/>; when that
    /// index was not placed in the .cshtml, the first occurrence of <paramref name="written"/>; else the file's start.
    /// </summary>
    public Location Locate(RazorOutput output, int index, string written, int length)
    {
        if (Text is null) return Location.Create(Path, default, default);
        var offset = output.SourceOffset(index);
        if (offset < 0 || offset + length > Text.Length)
            offset = Text.ToString().IndexOf(written, StringComparison.OrdinalIgnoreCase);
        if (offset < 0) return Location.Create(Path, default, default);
        var span = new TextSpan(offset, Math.Min(length, Text.Length - offset));
        return Location.Create(Path, span, Text.Lines.GetLinePositionSpan(span));
    }

    private static bool SamePath(string a, string b) =>
        string.Equals(a.Replace('\\', '/'), b.Replace('\\', '/'), StringComparison.OrdinalIgnoreCase);
}
