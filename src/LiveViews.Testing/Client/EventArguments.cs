using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// The arguments of an event, read as the browser client reads them (client/src/form.ts <c>eventArgs</c>, docs/protocol.md
/// "Bindings" and "Forms"): a form's fields and, under <c>""</c>, its metadata (touched fields); <c>{value}</c> for inputs
/// (an array for a multiple select); <c>{checked, value}</c> for checkboxes and radios; <c>key</c> for key events; plus
/// every <c>lv-value-NAME</c> attribute as <c>NAME</c>.
/// </summary>
internal static class EventArguments
{
    /// <summary>The arguments of <paramref name="ev"/> on <paramref name="el"/>. Throws <see cref="UnsendableEventException"/> as <see cref="FormFields"/> does.</summary>
    public static JsonObject Read(PageDom dom, IElement el, DomEvent ev)
    {
        var args = new JsonObject();
        if (ev.Key is not null) args["key"] = ev.Key;
        if (el is IHtmlFormElement form)
        {
            foreach (var (name, value) in FormFields(form, ev.Submitter)) AddField(args, name, value);
        }
        else if (el.Matches(FormControls.ControlSelector))
        {
            if (FormControls.IsBox(el)) args["checked"] = FormControls.IsChecked(el);
            args["value"] = el is IHtmlSelectElement && el.HasAttribute("multiple") ? ToArray(FormControls.SelectedValues(el)) : FormControls.ValueOf(el);
        }
        foreach (var attribute in el.Attributes)
            if (attribute.Name.StartsWith("lv-value-", StringComparison.Ordinal)) args[attribute.Name[9..]] = attribute.Value;
        // written last: no field can collide with the empty name (a field without a name is never serialized)
        if (el is IHtmlFormElement) args[""] = TouchedFields.Meta(dom, el);
        return args;
    }

    /// <summary>
    /// The fields of <paramref name="form"/> like a browser submission, in order: unchecked boxes, disabled fields and
    /// buttons are left out (except the <paramref name="submitter"/>); a select gives each selected value. Throws
    /// <see cref="UnsendableEventException"/> for a named file input without <c>lv-upload</c>: its files would silently be missing.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> FormFields(IHtmlFormElement form, IElement? submitter)
    {
        var fields = new List<(string, string)>();
        foreach (var el in FormControls.Elements(form))
        {
            var name = el.GetAttribute("name");
            if (!string.IsNullOrEmpty(name) && el is IHtmlInputElement && FormControls.TypeOf(el) == "file" && !el.HasAttribute("lv-upload"))
                throw new UnsendableEventException($"lv: <input type=file name={name}> needs lv-upload: form events carry no files");
            if (string.IsNullOrEmpty(name) || DisabledProperty(el) || !FormControls.HasValue(el)) continue;
            if (FormControls.IsBox(el) ? !FormControls.IsChecked(el) : FormControls.NotText().IsMatch(FormControls.TypeOf(el)) && !ReferenceEquals(el, submitter)) continue;
            if (el is IHtmlSelectElement) foreach (var v in FormControls.SelectedValues(el)) fields.Add((name, v));
            else fields.Add((name, FormControls.ValueOf(el)));
        }
        return fields;
    }

    /// <summary>The <c>disabled</c> property (its own attribute, not a disabled fieldset's) of the elements that have one.</summary>
    private static bool DisabledProperty(IElement el) =>
        (el is IHtmlInputElement or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement or IHtmlFieldSetElement) && el.HasAttribute("disabled");

    /// <summary>Adds a field value; a repeated name becomes an array.</summary>
    private static void AddField(JsonObject args, string name, string value)
    {
        if (!args.TryGetPropertyValue(name, out var existing)) args[name] = value;
        else if (existing is JsonArray array) array.Add(value);
        else
        {
            args[name] = null; // detaches the first value; the key keeps its position
            args[name] = new JsonArray(existing, value);
        }
    }

    private static JsonArray ToArray(string[] values) => new([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
}

/// <summary>An event the client refuses to send (a form with a file input it cannot carry): reported as <c>lv:error</c>, nothing sent.</summary>
internal sealed class UnsendableEventException(string message) : Exception(message);
