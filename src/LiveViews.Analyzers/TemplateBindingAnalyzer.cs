using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using LiveViews.Analyzers.Razor;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace LiveViews.Analyzers;

/// <summary>
/// Checks the bindings of live view and live component templates in the C# that Razor generates for them (a class
/// deriving <c>RazorPage&lt;TModel&gt;</c> where TModel is a LiveView or a LiveComponent, whose handlers the template's
/// events reach): LV0001/LV0002 for a binding naming no invocable handler, LV0004 for a handler parameter the bound
/// element does not send, and LV0005 for a raw <c>&lt;live-view&gt;</c> or <c>&lt;live-component&gt;</c> on any page.
/// Elements with <c>lv-target</c> send their events elsewhere and are not checked. Diagnostics point into the .cshtml
/// (Razor passes it to the compiler as an additional file).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TemplateBindingAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The attributes that bind a DOM event to a handler (client/src/view.ts).</summary>
    private static readonly string[] Bindings = ["lv-click", "lv-change", "lv-input", "lv-submit", "lv-blur", "lv-focus", "lv-keydown", "lv-keyup"];

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        [Diagnostics.UnknownHandler, Diagnostics.NotAHandler, Diagnostics.UnsuppliedParameter, Diagnostics.LiveViewTagNotImported];

    public override void Initialize(AnalysisContext context)
    {
        // Razor's output is generated code: analyzing it is the point.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze | GeneratedCodeAnalysisFlags.ReportDiagnostics);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var razorPage = start.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Razor.RazorPageBase");
            if (razorPage is null) return;
            var liveEvent = start.Compilation.GetTypeByMetadataName(ViewHandlers.LiveEventAttributeName);
            start.RegisterSyntaxNodeAction(node => AnalyzePage(node, razorPage, liveEvent), SyntaxKind.MethodDeclaration);
        });
    }

    private static void AnalyzePage(SyntaxNodeAnalysisContext context, INamedTypeSymbol razorPageBase, INamedTypeSymbol? liveEvent)
    {
        var method = (MethodDeclarationSyntax)context.Node;
        if (method.Identifier.ValueText != "ExecuteAsync" || method.Body is null || method.Parent is not ClassDeclarationSyntax classSyntax) return;
        if (context.SemanticModel.GetDeclaredSymbol(classSyntax, context.CancellationToken) is not { } page || !Derives(page, razorPageBase)) return;

        var file = RazorFile.Of(method.SyntaxTree, page, context.Options.AdditionalFiles, context.CancellationToken);
        var output = RazorOutputReader.Read(context.SemanticModel, method.Body, file.Text?.ToString());
        var tags = HtmlTagScanner.Scan(output);

        foreach (var tag in tags)
        {
            if (tag.Kind == HtmlTagKind.Start && tag.Name is "live-view" or "live-component" && !tag.IsTagHelper)
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.LiveViewTagNotImported, file.Locate(output, tag.Index, "<" + tag.Name, tag.Name.Length + 1), tag.Name, file.Name));
        }

        var viewType = ModelOf(page);
        if (liveEvent is null || ViewHandlers.KindOf(viewType) is not { } kind) return;
        new BindingChecker(context, file, output, ViewHandlers.For(viewType!, liveEvent), viewType!, kind, liveEvent).Check(tags);
    }

    private static bool Derives(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
            if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
        return false;
    }

    /// <summary>TModel of the page's <c>RazorPage&lt;TModel&gt;</c> base, or null.</summary>
    private static ITypeSymbol? ModelOf(INamedTypeSymbol page)
    {
        for (var t = page.BaseType; t is not null; t = t.BaseType)
            if (t is { IsGenericType: true, Name: "RazorPage", TypeArguments.Length: 1 } && t.ContainingNamespace.ToDisplayString() == "Microsoft.AspNetCore.Mvc.Razor")
                return t.TypeArguments[0];
        return null;
    }

    /// <summary>Walks a template's tags, tracking open forms and their fields, and checks each binding.</summary>
    private sealed class BindingChecker(SyntaxNodeAnalysisContext context, RazorFile file, RazorOutput output, ViewHandlers handlers, ITypeSymbol viewType, string kind, INamedTypeSymbol liveEvent)
    {
        private sealed class OpenForm(SuppliedArguments fields)
        {
            public SuppliedArguments Fields { get; } = fields;
            public List<(HtmlTag Form, HtmlTagAttribute Binding, IMethodSymbol Handler)> Bindings { get; } = [];
        }

        private readonly Stack<OpenForm> _forms = new();

        public void Check(List<HtmlTag> tags)
        {
            // A control outside a form can join it with form="id"; such pages are not checked field by field.
            var externalFields = tags.Any(t => t.Kind == HtmlTagKind.Start && IsControl(t.Name) && t.Attribute("form") is not null);
            foreach (var tag in tags)
            {
                switch (tag.Kind)
                {
                    case HtmlTagKind.UnknownContent:
                        foreach (var form in _forms) form.Fields.MarkOpen();
                        break;
                    case HtmlTagKind.Start:
                        if (tag.Name == "form")
                        {
                            var fields = new SuppliedArguments();
                            if (externalFields) fields.MarkOpen();
                            _forms.Push(new OpenForm(fields));
                        }
                        else if (IsControl(tag.Name) && _forms.Count > 0)
                        {
                            AddField(_forms.Peek().Fields, tag);
                        }
                        CheckBindings(tag);
                        break;
                    case HtmlTagKind.End when tag.Name == "form" && _forms.Count > 0:
                        Close(_forms.Pop());
                        break;
                }
            }
            while (_forms.Count > 0) Close(_forms.Pop());
        }

        private static bool IsControl(string name) => name is "input" or "select" or "textarea" or "button";

        private static void AddField(SuppliedArguments fields, HtmlTag control)
        {
            if (control.HasUnknownAttributes) { fields.MarkOpen(); return; } // computed attributes, or a tag helper (asp-for writes name)
            var name = control.Attribute("name");
            if (name is null) return;
            if (name.Value is null) fields.MarkOpen();
            else fields.Add(name.Value);
        }

        private void CheckBindings(HtmlTag tag)
        {
            if (tag.Attribute("lv-target") is not null) return; // its events go to another element's view or component
            foreach (var binding in Bindings)
            {
                var attribute = tag.Attribute(binding);
                if (attribute?.Value is not { Length: > 0 } name) continue; // computed handler names are not checked
                if (!handlers.TryGetHandler(name, out var handler))
                {
                    var why = handlers.WhyNotAHandler(name, liveEvent);
                    var location = Locate(attribute);
                    context.ReportDiagnostic(why is null
                        ? Diagnostic.Create(Diagnostics.UnknownHandler, location, binding, name, file.Name, kind, viewType.Name, Suggest(name))
                        : Diagnostic.Create(Diagnostics.NotAHandler, location, binding, name, file.Name, viewType.Name, why));
                }
                else if (tag.Name == "form" && _forms.Count > 0)
                {
                    _forms.Peek().Bindings.Add((tag, attribute, handler)); // its fields are known at </form>
                }
                else
                {
                    CheckParameters(attribute, handler, SuppliedArguments.Of(tag, binding), null);
                }
            }
        }

        private void Close(OpenForm form)
        {
            foreach (var (tag, binding, handler) in form.Bindings)
                CheckParameters(binding, handler, SuppliedArguments.Of(tag, binding.Name), form.Fields);
        }

        private void CheckParameters(HtmlTagAttribute binding, IMethodSymbol handler, SuppliedArguments own, SuppliedArguments? fields)
        {
            foreach (var parameter in handler.Parameters)
            {
                if (parameter.HasExplicitDefaultValue || !IsBoundByName(parameter.Type)) continue;
                if (own.Contains(parameter.Name) || (fields?.Contains(parameter.Name) ?? false)) continue;
                var sends = fields is null ? own.Describe() : $"its fields and attributes {Union(own, fields)}";
                context.ReportDiagnostic(Diagnostic.Create(Diagnostics.UnsuppliedParameter, Locate(binding),
                    binding.Name, binding.Value, file.Name, parameter.Name, viewType.Name, sends));
            }
        }

        private static string Union(SuppliedArguments own, SuppliedArguments fields)
        {
            var all = new SuppliedArguments();
            foreach (var name in Names(own).Concat(Names(fields))) all.Add(name);
            return all.Describe();
        }

        private static IEnumerable<string> Names(SuppliedArguments arguments)
        {
            var text = arguments.Describe();
            return text.StartsWith("{", StringComparison.Ordinal) ? text.Trim('{', '}', ' ').Split([", "], StringSplitOptions.RemoveEmptyEntries) : [];
        }

        private string Suggest(string name)
        {
            var near = handlers.Names.FirstOrDefault(h => string.Equals(h, name, StringComparison.OrdinalIgnoreCase));
            if (near is not null) return $" (did you mean '{near}'? handler names are case-sensitive)";
            var names = handlers.Names.OrderBy(n => n, StringComparer.Ordinal).ToList();
            return names.Count == 0 ? " (it declares no [LiveEvent] methods)" : $" (its handlers: {string.Join(", ", names)})";
        }

        private Location Locate(HtmlTagAttribute attribute)
        {
            var written = attribute.Name + "=\"" + attribute.Value + "\"";
            return file.Locate(output, attribute.Index, written, written.Length);
        }

        /// <summary>
        /// Parameters the binder fills from an argument of the same name (ArgumentBinder's simple types); complex ones bind
        /// from the whole form and CancellationToken from the event, so they need no field.
        /// </summary>
        private static bool IsBoundByName(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array) return IsBoundByName(array.ElementType);
            if (type is INamedTypeSymbol { IsGenericType: true } named && named.ConstructedFrom.SpecialType == SpecialType.System_Nullable_T)
                type = named.TypeArguments[0];
            if (type.TypeKind == TypeKind.Enum) return true;
            if (type.SpecialType is >= SpecialType.System_Boolean and <= SpecialType.System_String || type.SpecialType == SpecialType.System_DateTime) return true;
            return type.ToDisplayString() is "System.Guid" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly" or "System.TimeSpan";
        }
    }
}
