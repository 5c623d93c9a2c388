using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// Touched-field tracking for live forms (client/src/forms.ts, docs/protocol.md "Forms"): a field is touched once the user
/// typed in it, changed it or focused and left it; a submit touches every field. Form events carry the touched names
/// under the empty-string key (<c>{"": {"t": [names]}}</c>), so the server shows errors only for those fields.
/// </summary>
internal static class TouchedFields
{
    /// <summary>
    /// Records what an event of <paramref name="type"/> on <paramref name="target"/> touches and returns the form whose
    /// <c>lv-change</c> it fires when the event has no binding of its own: typing (<c>input</c>), or the first time the
    /// user leaves or changes a field (<c>focusout</c>, <c>change</c>: so its errors show); else null (<c>touchField</c>).
    /// </summary>
    public static IHtmlFormElement? Touch(PageDom dom, string type, IElement target)
    {
        var form = type == "submit" ? target as IHtmlFormElement : FormProperty(target);
        if (form is null) return null;
        if (type == "submit")
        {
            foreach (var el in FormControls.Elements(form)) Add(dom, form, NameProperty(el));
            return null;
        }
        return ((type is "input" or "change" or "focusout" && Add(dom, form, NameProperty(target))) || type == "input")
               && form.HasAttribute("lv-change") ? form : null;
    }

    /// <summary>The metadata a form event carries: <c>{ "t": touched field names }</c> (<c>formMeta</c>).</summary>
    public static JsonObject Meta(PageDom dom, IElement form) =>
        new() { ["t"] = new JsonArray([.. dom.TouchedOf(form).Select(n => (JsonNode?)JsonValue.Create(n))]) };

    /// <summary>Marks <paramref name="name"/> of <paramref name="form"/> touched; true when it was not touched before.</summary>
    private static bool Add(PageDom dom, IElement form, string name)
    {
        var names = dom.TouchedOf(form);
        if (name.Length == 0 || names.Contains(name)) return false;
        names.Add(name);
        return true;
    }

    /// <summary>The <c>form</c> property: the form owner of a listed element (input, button, select, textarea, fieldset, output, object), else null.</summary>
    private static IHtmlFormElement? FormProperty(IElement el) =>
        el is IHtmlInputElement or IHtmlButtonElement or IHtmlSelectElement or IHtmlTextAreaElement or IHtmlFieldSetElement or IHtmlOutputElement or IHtmlObjectElement
            ? FormControls.FormOf(el) : null;

    /// <summary>The <c>name</c> property of a listed element: its attribute, or "".</summary>
    private static string NameProperty(IElement el) => el.GetAttribute("name") ?? "";
}
