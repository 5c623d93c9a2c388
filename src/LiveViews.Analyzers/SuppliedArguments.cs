using System;
using System.Collections.Generic;
using LiveViews.Analyzers.Razor;

namespace LiveViews.Analyzers;

/// <summary>
/// The argument names an event on an element sends, as the client computes them (docs/protocol.md, "Bindings";
/// client/src/form.ts eventArgs): a form's named fields; <c>value</c> for input/select/textarea and also
/// <c>checked</c> for checkboxes and radios; <c>key</c> for key events; every <c>lv-value-NAME</c> attribute.
/// </summary>
internal sealed class SuppliedArguments
{
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when the set may hold names this analysis cannot see (computed field names, partials, tag helpers).</summary>
    public bool IsOpen { get; private set; }

    public bool Contains(string name) => IsOpen || _names.Contains(name);

    public void Add(string name) => _names.Add(name);

    public void MarkOpen() => IsOpen = true;

    /// <summary>What the element sends, for the message: "{ value, id }" or "no arguments".</summary>
    public string Describe() => _names.Count == 0 ? "no arguments" : "{ " + string.Join(", ", _names) + " }";

    /// <summary>The arguments of an event bound by <paramref name="binding"/> on <paramref name="element"/> (a form's fields are added by the caller).</summary>
    public static SuppliedArguments Of(HtmlTag element, string binding)
    {
        var supplied = new SuppliedArguments();
        if (element.HasUnknownAttributes) supplied.MarkOpen();
        if (binding is "lv-keydown" or "lv-keyup") supplied.Add("key");
        if (element.Name is "input" or "select" or "textarea")
        {
            supplied.Add("value");
            var type = element.Attribute("type");
            if (type is not null && (type.Value is null || type.Value.Equals("checkbox", StringComparison.OrdinalIgnoreCase) || type.Value.Equals("radio", StringComparison.OrdinalIgnoreCase)))
                supplied.Add("checked");
        }
        foreach (var attribute in element.Attributes)
            if (attribute.Name.StartsWith("lv-value-", StringComparison.Ordinal) && attribute.Name.Length > 9) supplied.Add(attribute.Name.Substring(9));
        return supplied;
    }
}
