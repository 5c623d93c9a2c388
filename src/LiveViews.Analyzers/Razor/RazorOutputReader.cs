using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LiveViews.Analyzers.Razor;

/// <summary>
/// Reads the C# that the Razor source generator emits for a page (runtime code generation: <c>WriteLiteral</c>,
/// <c>Write</c>, <c>BeginWriteAttribute</c>/<c>WriteAttributeValue</c>/<c>EndWriteAttribute</c>, and the tag helper
/// scope calls) into a <see cref="RazorOutput"/>. Calls are taken in source order, which is document order, templates
/// (<c>@&lt;li&gt;…&lt;/li&gt;</c> lambdas) and sections included.
/// </summary>
internal sealed class RazorOutputReader
{
    private readonly SemanticModel _model;
    private readonly string? _source;
    private readonly RazorOutput _output = new();
    private readonly Stack<string> _attributeSuffixes = new();
    private int _cursor;

    private RazorOutputReader(SemanticModel model, string? source)
    {
        _model = model;
        _source = source;
    }

    /// <summary>Reads <paramref name="body"/> (the page's <c>ExecuteAsync</c>); <paramref name="source"/> is the .cshtml text when available, to place literals.</summary>
    public static RazorOutput Read(SemanticModel model, SyntaxNode body, string? source)
    {
        var reader = new RazorOutputReader(model, source);
        foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>()) reader.Visit(invocation);
        return reader._output;
    }

    private void Visit(InvocationExpressionSyntax invocation)
    {
        var arguments = invocation.ArgumentList.Arguments;
        switch (MethodName(invocation))
        {
            case "WriteLiteral" when arguments.Count == 1 && Constant(arguments[0].Expression) is { } literal:
                AppendLiteral(literal);
                break;
            case "Write" when arguments.Count == 1:
                WriteExpression(arguments[0].Expression);
                break;
            case "BeginWriteAttribute" when arguments.Count == 6 && Constant(arguments[1].Expression) is { } prefix:
                Append(prefix, Constant(arguments[2].Expression) is { } at && int.TryParse(at, out var offset) ? offset : -1);
                _attributeSuffixes.Push(Constant(arguments[3].Expression) ?? "\"");
                break;
            case "WriteAttributeValue" when arguments.Count == 6:
                // (prefix, prefixOffset, value, valueOffset, valueLength, isLiteral)
                if (Constant(arguments[0].Expression) is { Length: > 0 } valuePrefix) AppendLiteral(valuePrefix);
                if (arguments[5].Expression.IsKind(SyntaxKind.TrueLiteralExpression) && Constant(arguments[2].Expression) is { } value)
                    Append(value, int.TryParse(Constant(arguments[3].Expression), out var valueOffset) ? valueOffset : -1);
                else
                    _output.Append(RazorOutput.ValueHole);
                break;
            case "EndWriteAttribute" when _attributeSuffixes.Count > 0:
                AppendLiteral(_attributeSuffixes.Pop());
                break;
            case "Begin" when IsTagHelperScope(invocation) && arguments.Count >= 1 && Constant(arguments[0].Expression) is { } tagName:
                _output.TagHelpers.Add(ReadTagHelper(invocation, tagName));
                _output.Append(RazorOutput.TagHelperStart);
                break;
            case "End" when IsTagHelperScope(invocation):
                _output.Append(RazorOutput.TagHelperEnd);
                break;
        }
    }

    /// <summary><c>@expr</c>: encoded text unless it is HTML content; a Razor template passed along (<c>Html.LiveSegment(key, @&lt;li&gt;…)</c>) is read where it stands.</summary>
    private void WriteExpression(ExpressionSyntax expression)
    {
        if (expression.DescendantNodes().OfType<ObjectCreationExpressionSyntax>().Any(c => c.Type.ToString().EndsWith("HelperResult", StringComparison.Ordinal)))
            return;
        if (expression.ToString().Contains("__tagHelperExecutionContext")) return; // a tag helper's output: its End() marks it
        var type = _model.GetTypeInfo(expression).Type;
        _output.Append(IsEncodedValue(type) ? RazorOutput.ValueHole : RazorOutput.ContentHole);
    }

    private static bool IsEncodedValue(ITypeSymbol? type)
    {
        if (type is null) return false;
        if (type is INamedTypeSymbol { IsGenericType: true } named && named.ConstructedFrom.SpecialType == SpecialType.System_Nullable_T)
            type = named.TypeArguments[0];
        if (type.TypeKind == TypeKind.Enum) return true;
        switch (type.SpecialType)
        {
            case SpecialType.System_String: case SpecialType.System_Char: case SpecialType.System_Boolean:
            case SpecialType.System_Byte: case SpecialType.System_SByte: case SpecialType.System_Int16: case SpecialType.System_UInt16:
            case SpecialType.System_Int32: case SpecialType.System_UInt32: case SpecialType.System_Int64: case SpecialType.System_UInt64:
            case SpecialType.System_Single: case SpecialType.System_Double: case SpecialType.System_Decimal: case SpecialType.System_DateTime:
                return true;
        }
        var name = type.ToDisplayString();
        return name is "System.Guid" or "System.DateTimeOffset" or "System.DateOnly" or "System.TimeOnly" or "System.TimeSpan";
    }

    /// <summary>
    /// The attributes of a tag helper element are added after its <c>Begin(…)</c> statement, up to the runner's
    /// <c>RunAsync</c>: <c>AddHtmlAttribute(__tagHelperAttribute_N)</c> (static, from a field) and
    /// <c>BeginAddHtmlAttributeValues(ctx, "name", …)</c> (computed).
    /// </summary>
    private TagHelperElement ReadTagHelper(InvocationExpressionSyntax begin, string tagName)
    {
        var attributes = new List<KeyValuePair<string, string?>>();
        var statement = begin.FirstAncestorOrSelf<StatementSyntax>();
        if (statement?.Parent is BlockSyntax block)
        {
            foreach (var next in block.Statements.SkipWhile(s => s != statement).Skip(1))
            {
                if (next.ToString().Contains("__tagHelperRunner.RunAsync")) break;
                foreach (var call in next.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
                {
                    var args = call.ArgumentList.Arguments;
                    switch (MethodName(call))
                    {
                        case "AddHtmlAttribute" when args.Count == 1 && StaticAttribute(args[0].Expression) is { } attribute:
                            attributes.Add(attribute);
                            break;
                        case "BeginAddHtmlAttributeValues" when args.Count >= 2 && Constant(args[1].Expression) is { } name:
                            attributes.Add(new KeyValuePair<string, string?>(name, null));
                            break;
                    }
                }
            }
        }
        return new TagHelperElement(tagName, attributes);
    }

    /// <summary>The name and value of <c>new TagHelperAttribute("name", new HtmlString("value"), …)</c> held by the field <paramref name="field"/>.</summary>
    private KeyValuePair<string, string?>? StaticAttribute(ExpressionSyntax field)
    {
        if (_model.GetSymbolInfo(field).Symbol is not IFieldSymbol symbol) return null;
        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: var args } } || args.Count < 1)
                continue;
            if (Constant(args[0].Expression) is not { } name) continue;
            string? value = null;
            if (args.Count > 1)
            {
                value = Constant(args[1].Expression)
                    ?? (args[1].Expression is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } inner } ? Constant(inner[0].Expression) : null);
            }
            return new KeyValuePair<string, string?>(name, value);
        }
        return null;
    }

    private static bool IsTagHelperScope(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Expression: var target } && target.ToString().EndsWith("__tagHelperScopeManager", StringComparison.Ordinal);

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
        _ => null,
    };

    private string? Constant(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NumericLiteralExpression) => literal.Token.ValueText,
        _ => _model.GetConstantValue(expression) is { HasValue: true, Value: string text } ? text : null,
    };

    /// <summary>Appends a literal, placed in the .cshtml by searching forward from the last placed text.</summary>
    private void AppendLiteral(string text)
    {
        var at = -1;
        if (_source is not null && text.Length > 0)
        {
            at = _source.IndexOf(text, Math.Min(_cursor, _source.Length), StringComparison.Ordinal);
            if (at < 0) at = _source.IndexOf(text, StringComparison.Ordinal);
        }
        Append(text, at);
    }

    private void Append(string text, int sourceOffset)
    {
        _output.Append(text, sourceOffset);
        if (sourceOffset >= 0) _cursor = sourceOffset + text.Length;
    }
}
