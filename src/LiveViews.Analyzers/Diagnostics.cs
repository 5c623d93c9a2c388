using Microsoft.CodeAnalysis;

namespace LiveViews.Analyzers;

/// <summary>The mistakes a newcomer makes with live views, caught at build time. IDs are stable; messages name the file.</summary>
public static class Diagnostics
{
    private const string Category = "LiveViews";

    /// <summary>LV0001: a binding (<c>lv-click="X"</c>) names a handler the view does not have.</summary>
    public static readonly DiagnosticDescriptor UnknownHandler = new(
        "LV0001", "Binding names a handler the view does not have",
        "{0}=\"{1}\" in {2}: {3} '{4}' has no handler '{1}'{5}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Every lv-EVENT attribute must name a public [LiveEvent] method of the template's live view or live component (or its [LiveEvent(Name = ...)]); otherwise the event is answered with 'Unknown handler' at run time.");

    /// <summary>LV0002: a binding names a method that exists but that clients cannot invoke.</summary>
    public static readonly DiagnosticDescriptor NotAHandler = new(
        "LV0002", "Binding names a method that is not an invocable handler",
        "{0}=\"{1}\" in {2}: '{3}.{1}' {4}, so the browser cannot invoke it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "Only public instance methods marked [LiveEvent] are on a view's handler allow-list.");

    /// <summary>LV0003: <c>[LiveEvent]</c> on a method the framework never registers.</summary>
    public static readonly DiagnosticDescriptor NonPublicHandler = new(
        "LV0003", "[LiveEvent] method is not a public instance method",
        "[LiveEvent] method '{0}.{1}' is {2}: only public instance methods are handlers, so this one can never be invoked",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
        description: "The handler allow-list holds public instance methods only; make the method public (and non-static), or remove [LiveEvent].");

    /// <summary>LV0004: the bound element sends nothing for one of the handler's parameters.</summary>
    public static readonly DiagnosticDescriptor UnsuppliedParameter = new(
        "LV0004", "No template field supplies a handler parameter",
        "{0}=\"{1}\" in {2}: nothing supplies parameter '{3}' of '{4}.{1}' (the element sends {5}); add a field named '{3}' or lv-value-{3}=\"…\", or give the parameter a default value",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "A missing argument silently binds null (nullable), false (bool) or the parameter's default. Arguments come from the element: a form's named fields; value (and checked) of an input, select or textarea; key for key events; every lv-value-NAME attribute.");

    /// <summary>LV0005: <c>&lt;live-view&gt;</c> or <c>&lt;live-component&gt;</c> written out as raw HTML because its tag helper is not imported.</summary>
    public static readonly DiagnosticDescriptor LiveViewTagNotImported = new(
        "LV0005", "<live-view> or <live-component> is written as raw HTML",
        "<{0}> in {1} is sent to the browser as raw HTML: add '@addTagHelper *, LiveViews' to _ViewImports.cshtml",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "<live-view> and <live-component> are tag helpers of the LiveViews assembly; without @addTagHelper they render nothing live.");
}
