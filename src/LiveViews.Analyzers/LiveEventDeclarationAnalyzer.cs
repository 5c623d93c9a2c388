using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace LiveViews.Analyzers;

/// <summary>LV0003: <c>[LiveEvent]</c> on a non-public or static method, which the handler allow-list skips.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LiveEventDeclarationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = [Diagnostics.NonPublicHandler];

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var liveEvent = start.Compilation.GetTypeByMetadataName(ViewHandlers.LiveEventAttributeName);
            if (liveEvent is null) return;
            start.RegisterSymbolAction(symbol =>
            {
                var method = (IMethodSymbol)symbol.Symbol;
                if (!ViewHandlers.HasLiveEvent(method, liveEvent)) return;
                var problem = method.IsStatic ? "static"
                    : method.DeclaredAccessibility != Accessibility.Public ? Describe(method.DeclaredAccessibility)
                    : null;
                if (problem is null) return;
                symbol.ReportDiagnostic(Diagnostic.Create(Diagnostics.NonPublicHandler, method.Locations[0],
                    method.ContainingType.Name, method.Name, problem));
            }, SymbolKind.Method);
        });
    }

    private static string Describe(Accessibility accessibility) => accessibility switch
    {
        Accessibility.Private => "private",
        Accessibility.Protected => "protected",
        Accessibility.Internal => "internal",
        Accessibility.ProtectedOrInternal => "protected internal",
        Accessibility.ProtectedAndInternal => "private protected",
        _ => "not public",
    };
}
