using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;

namespace LiveViews.Testing.Dom;

/// <summary>
/// Form controls as a browser exposes them to the client (client/src/form.ts, and the property half of patch.ts):
/// their <c>type</c>, <c>value</c>, <c>checked</c> and selectedness, which differ from their attributes once the user (or
/// the client) changed them.
/// </summary>
internal static partial class FormControls
{
    /// <summary>The elements that hold a user-set value (<c>CONTROL</c>).</summary>
    public const string ControlSelector = "input,select,textarea";

    /// <summary>Input types that carry no typed text (<c>NOT_TEXT</c>).</summary>
    [GeneratedRegex("^(checkbox|radio|file|submit|button|reset|image)$")]
    public static partial Regex NotText();

    private static readonly HashSet<string> InputTypes = new(StringComparer.Ordinal)
    {
        "hidden", "text", "search", "tel", "url", "email", "password", "date", "month", "week", "time", "datetime-local",
        "number", "range", "color", "checkbox", "radio", "file", "submit", "image", "reset", "button",
    };

    public static bool IsControl(IElement el) => el is IHtmlInputElement or IHtmlSelectElement or IHtmlTextAreaElement;

    public static bool IsSelect(IElement el) => el is IHtmlSelectElement;

    /// <summary>A checkbox or radio (its state is <c>checked</c>, not its value).</summary>
    public static bool IsBox(IElement el) => el is IHtmlInputElement && TypeOf(el) is "checkbox" or "radio";

    /// <summary>The <c>type</c> IDL attribute: an input's (unknown types are "text"), "select-one"/"select-multiple", "textarea", a button's.</summary>
    public static string TypeOf(IElement el) => el switch
    {
        IHtmlInputElement => el.GetAttribute("type")?.Trim().ToLowerInvariant() is { } t && InputTypes.Contains(t) ? t : "text",
        IHtmlSelectElement => el.HasAttribute("multiple") ? "select-multiple" : "select-one",
        IHtmlTextAreaElement => "textarea",
        IHtmlButtonElement => el.GetAttribute("type")?.Trim().ToLowerInvariant() is "reset" or "button" ? el.GetAttribute("type")!.Trim().ToLowerInvariant() : "submit",
        IHtmlOutputElement => "output",
        _ => "",
    };

    /// <summary>True when the element has a <c>value</c> property (<c>'value' in el</c>).</summary>
    public static bool HasValue(IElement el) => el is IHtmlInputElement or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement
        or IHtmlOutputElement or IHtmlOptionElement or IHtmlListItemElement or IHtmlMeterElement or IHtmlProgressElement or IHtmlParamElement or IHtmlDataElement;

    /// <summary>The <c>value</c> property.</summary>
    public static string ValueOf(IElement el) => el switch
    {
        IHtmlInputElement input => TypeOf(el) switch
        {
            "checkbox" or "radio" => el.GetAttribute("value") ?? "on",
            "file" => "",
            _ => input.Value ?? "",
        },
        IHtmlTextAreaElement area => area.Value ?? "",
        IHtmlSelectElement select => Options(select).FirstOrDefault(o => o.IsSelected) is { } o ? OptionValue(o) : "",
        IHtmlOptionElement option => OptionValue(option),
        IHtmlOutputElement => el.TextContent,
        _ => el.GetAttribute("value") ?? "",
    };

    /// <summary>An option's value: its attribute, else its text with whitespace stripped and collapsed.</summary>
    public static string OptionValue(IHtmlOptionElement option) =>
        option.GetAttribute("value") ?? string.Join(' ', option.TextContent.Split([' ', '\t', '\n', '\f', '\r'], StringSplitOptions.RemoveEmptyEntries));

    public static IHtmlOptionElement[] Options(IHtmlSelectElement select) => [.. select.Descendants<IHtmlOptionElement>()];

    /// <summary>The values of the selected options (<c>selectedValues</c>).</summary>
    public static string[] SelectedValues(IElement select) =>
        select is IHtmlSelectElement s ? [.. Options(s).Where(o => o.IsSelected).Select(OptionValue)] : [];

    public static bool IsChecked(IElement el) => el is IHtmlInputElement input && input.IsChecked;

    /// <summary>
    /// Sets a DOM property (<c>setProp</c>), except <c>value</c> of the focused element: what the user is typing wins.
    /// <paramref name="value"/>: a string for <c>value</c>, a bool for <c>checked</c> and <c>selected</c>.
    /// </summary>
    public static void SetProp(PageDom dom, IElement el, string name, object? value)
    {
        if (name == "value" && ReferenceEquals(el, dom.Focused)) return;
        switch (name)
        {
            case "value": SetValue(el, value as string ?? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""); break;
            case "checked": if (el is IHtmlInputElement input) SetChecked(input, Truthy(value)); break;
            case "selected": if (el is IHtmlOptionElement option) SetSelected(option, Truthy(value)); break;
        }
    }

    /// <summary>Sets (or with null removes) an attribute; <c>value</c>, <c>checked</c> and <c>selected</c> also set the property (<c>setAttr</c>).</summary>
    public static void SetAttr(PageDom dom, IElement el, string name, string? value)
    {
        if (value is null) el.RemoveAttribute(name);
        else el.SetAttribute(name, value);
        var hasProperty = name switch
        {
            "value" => HasValue(el),
            "checked" => el is IHtmlInputElement,
            "selected" => el is IHtmlOptionElement,
            _ => false,
        };
        if (hasProperty) SetProp(dom, el, name, name == "value" ? value ?? "" : value is not null);
    }

    /// <summary>The <c>value</c> setter: an input's dirty value, a textarea's raw value, a select's first option with that value.</summary>
    public static void SetValue(IElement el, string value)
    {
        switch (el)
        {
            case IHtmlInputElement input:
                if (TypeOf(el) is "checkbox" or "radio" or "submit" or "button" or "reset" or "image" or "hidden") el.SetAttribute("value", value);
                else if (TypeOf(el) != "file") input.Value = value;
                break;
            case IHtmlTextAreaElement area: area.Value = value; break;
            case IHtmlSelectElement select:
                var found = false;
                foreach (var option in Options(select))
                {
                    var match = !found && OptionValue(option) == value;
                    found |= match;
                    option.IsSelected = match;
                }
                break;
            case IHtmlOutputElement: el.TextContent = value; break;
            default: el.SetAttribute("value", value); break;
        }
    }

    /// <summary>Sets an input's checkedness; checking a radio unchecks the others of its group.</summary>
    public static void SetChecked(IHtmlInputElement input, bool on)
    {
        input.IsChecked = on;
        if (!on || TypeOf(input) != "radio") return;
        foreach (var other in RadioGroup(input))
            if (!ReferenceEquals(other, input)) other.IsChecked = false;
    }

    /// <summary>The radios of <paramref name="radio"/>'s group: same name, same form owner, same tree.</summary>
    public static IEnumerable<IHtmlInputElement> RadioGroup(IHtmlInputElement radio)
    {
        var name = radio.GetAttribute("name");
        if (string.IsNullOrEmpty(name) || radio.Owner?.DocumentElement is not { } top) return [radio];
        var form = FormOf(radio);
        return top.Descendants<IHtmlInputElement>()
            .Where(r => TypeOf(r) == "radio" && r.GetAttribute("name") == name && ReferenceEquals(FormOf(r), form));
    }

    /// <summary>Sets an option's selectedness; in a single select, selecting one deselects the others and deselecting the last selects the first enabled option.</summary>
    public static void SetSelected(IHtmlOptionElement option, bool on)
    {
        option.IsSelected = on;
        if (option.Ancestors<IHtmlSelectElement>().FirstOrDefault() is not { } select || select.HasAttribute("multiple")) return;
        var options = Options(select);
        if (on)
        {
            foreach (var other in options)
                if (!ReferenceEquals(other, option)) other.IsSelected = false;
        }
        else if (!options.Any(o => o.IsSelected) && options.FirstOrDefault(o => !o.HasAttribute("disabled")) is { } first)
        {
            first.IsSelected = true;
        }
    }

    /// <summary>Puts a control back to what the server rendered: its default value, checkedness or selection (<c>restoreDefault</c>).</summary>
    public static void RestoreDefault(PageDom dom, IElement el, string name)
    {
        if (el is IHtmlSelectElement select)
        {
            foreach (var o in Options(select)) o.IsSelected = o.HasAttribute("selected");
            FixSelection(select);
            return;
        }
        SetProp(dom, el, name, name switch
        {
            "checked" => el.HasAttribute("checked"),
            "value" => DefaultValue(el),
            _ => null,
        });
    }

    /// <summary>The value a control shows before the user touches it (its <c>defaultValue</c>).</summary>
    public static string DefaultValue(IElement el) => el switch
    {
        IHtmlTextAreaElement => el.TextContent,
        IHtmlSelectElement select => (Options(select).FirstOrDefault(o => o.HasAttribute("selected")) ?? Options(select).FirstOrDefault()) is { } o ? OptionValue(o) : "",
        _ => el.GetAttribute("value") ?? "",
    };

    /// <summary><c>form.reset()</c>: every control of the form back to its default.</summary>
    public static void Reset(IHtmlFormElement form)
    {
        foreach (var el in Elements(form))
        {
            switch (el)
            {
                case IHtmlInputElement input:
                    input.IsChecked = input.HasAttribute("checked");
                    if (!(TypeOf(input) is "checkbox" or "radio" or "file" or "submit" or "button" or "reset" or "image" or "hidden"))
                        input.Value = input.GetAttribute("value") ?? "";
                    break;
                case IHtmlTextAreaElement area: area.Value = area.TextContent; break;
                case IHtmlSelectElement select:
                    foreach (var o in Options(select)) o.IsSelected = o.HasAttribute("selected");
                    FixSelection(select);
                    break;
            }
        }
    }

    /// <summary>The selectedness setting algorithm of a single select: exactly one option selected (the last selected one, or the first enabled one).</summary>
    private static void FixSelection(IHtmlSelectElement select)
    {
        if (select.HasAttribute("multiple")) return;
        var options = Options(select);
        var keep = options.LastOrDefault(o => o.IsSelected) ?? options.FirstOrDefault(o => !o.HasAttribute("disabled"));
        foreach (var o in options) o.IsSelected = ReferenceEquals(o, keep);
    }

    /// <summary>
    /// The form's listed elements in tree order (<c>form.elements</c>), including those associated by a <c>form</c>
    /// attribute; image buttons are not among them (HTML, "the elements IDL attribute").
    /// </summary>
    public static IEnumerable<IElement> Elements(IHtmlFormElement form) =>
        (form.Owner?.DocumentElement?.Descendants<IElement>() ?? [])
            .Where(e => e is IHtmlInputElement or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement or IHtmlOutputElement or IHtmlFieldSetElement or IHtmlObjectElement)
            .Where(e => !(e is IHtmlInputElement && TypeOf(e) == "image"))
            .Where(e => ReferenceEquals(FormOf(e), form));

    /// <summary>The form owner of a listed element: its <c>form</c> attribute's form, else its nearest form ancestor.</summary>
    public static IHtmlFormElement? FormOf(IElement el)
    {
        if (el.GetAttribute("form") is { } id)
            return el.Owner?.GetElementById(id) as IHtmlFormElement;
        return el.Ancestors<IHtmlFormElement>().FirstOrDefault();
    }

    /// <summary>JavaScript truthiness of a property value.</summary>
    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        _ => true,
    };
}
