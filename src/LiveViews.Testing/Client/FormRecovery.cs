using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// Form recovery after a rejoin (client/src/form-recovery.ts, as Phoenix LiveView does): runs <c>replace</c> (which
/// re-renders the root) and puts back what the user had typed into named text fields, textareas and selects of forms,
/// matched by form id (or position) and field name. A field whose typed value the new render does not hold, the focused
/// one included (the re-render kept its value), fires <c>change</c> when its form has <c>lv-change</c>.
/// </summary>
internal static class FormRecovery
{
    public static void Recover(IElement root, Action replace, Action<DomEvent> dispatch)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        EachField(root, (el, key, _) =>
        {
            if (!string.IsNullOrEmpty(el.GetAttribute("name")) && !FormControls.NotText().IsMatch(FormControls.TypeOf(el))
                && FormControls.ValueOf(el) != FormControls.DefaultValue(el))
                typed[key] = FormControls.ValueOf(el);
        });
        replace();
        EachField(root, (el, key, form) =>
        {
            // The new render does not hold it: put it back (the focused field already has it back) and tell the server.
            if (!typed.TryGetValue(key, out var value) || FormControls.DefaultValue(el) == value) return;
            FormControls.SetValue(el, value);
            if (form.HasAttribute("lv-change")) dispatch(new DomEvent("change", el));
        });
    }

    private static void EachField(IElement root, Action<IElement, string, IHtmlFormElement> visit)
    {
        var i = 0;
        foreach (var form in root.QuerySelectorAll("form").OfType<IHtmlFormElement>().ToList())
        {
            var id = string.IsNullOrEmpty(form.Id) ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : form.Id;
            foreach (var el in FormControls.Elements(form).ToList()) visit(el, id + "\u0000" + el.GetAttribute("name"), form);
            i++;
        }
    }
}
