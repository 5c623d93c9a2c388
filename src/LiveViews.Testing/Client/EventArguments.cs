using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// The arguments of an event, read as the browser client reads them (client/src/form.ts, docs/protocol.md "Bindings"):
/// a form's fields; <c>{value}</c> for inputs (an array for a multiple select); <c>{checked, value}</c> for checkboxes and
/// radios; <c>key</c> for key events; plus every <c>lv-value-NAME</c> attribute as <c>NAME</c>.
/// </summary>
internal static class EventArguments
{
    public static JsonObject Read(IElement el, DomEvent ev)
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
        return args;
    }

    /// <summary>
    /// The fields of <paramref name="form"/> like a browser submission, in order: unchecked boxes, disabled fields and
    /// buttons are left out (except the <paramref name="submitter"/>); a select gives each selected value.
    /// </summary>
    public static IEnumerable<(string Name, string Value)> FormFields(IHtmlFormElement form, IElement? submitter)
    {
        foreach (var el in FormControls.Elements(form).ToList())
        {
            var name = el.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || el.HasAttribute("disabled") || !FormControls.HasValue(el)) continue;
            if (FormControls.IsBox(el) ? !FormControls.IsChecked(el) : FormControls.NotText().IsMatch(FormControls.TypeOf(el)) && !ReferenceEquals(el, submitter)) continue;
            if (el is IHtmlSelectElement) foreach (var v in FormControls.SelectedValues(el)) yield return (name, v);
            else yield return (name, FormControls.ValueOf(el));
        }
    }

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
