using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Dom;

namespace LiveViews.Testing.Client;

/// <summary>
/// The absolute DOM changes an <c>[Optimistic]</c> event predicts (client/src/predict.ts): the heuristics (checkbox/radio →
/// checked, input/textarea/select → value, the clicked or submitting button → disabled and its <c>data-loading-text</c> or
/// <c>lv-disable-with</c>)
/// and the <c>lv-optimistic</c> directives of the bound element. A malformed directive is reported through the warning
/// callback and ignored.
/// </summary>
internal static partial class Predictor
{
    [GeneratedRegex("""^([a-z-]+)(?::((?:[^\s"']|"[^"]*"|'[^']*')*))?(?:\s+(.+))?$""", RegexOptions.IgnoreCase)]
    private static partial Regex Directive();

    [GeneratedRegex("""(["'])(.*?)\1""")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"^[\s\uFEFF\u00A0]*([+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?))")]
    private static partial Regex FloatPrefix();

    private sealed class Ignored : Exception;

    public static List<OptimisticOp> Predict(IElement root, IElement el, DomEvent ev, Action<string> warn)
    {
        var ops = new List<OptimisticOp>();
        void Add(IElement target, OpKind kind, string name, object? value, bool keep = false) =>
            ops.Add(new OptimisticOp(target, PendingLog.Locator(root, target), kind, name, value, keep));

        var target = ev.Target;
        var control = el.Matches(FormControls.ControlSelector) ? el
            : el is IHtmlFormElement && target.Matches(FormControls.ControlSelector) ? target : null;
        if (control is not null)
        {
            if (FormControls.IsBox(control))
            {
                IEnumerable<IElement> group = [control];
                if (FormControls.TypeOf(control) == "radio" && control.GetAttribute("name") is { Length: > 0 } name)
                    group = root.Descendants<IHtmlInputElement>()
                        .Where(r => r.GetAttribute("name") == name && FormControls.TypeOf(r) == "radio"
                                    && ReferenceEquals(FormControls.FormOf(r), FormControls.FormOf(control)));
                foreach (var r in group.ToList()) Add(r, OpKind.Prop, "checked", FormControls.IsChecked(r), keep: true);
            }
            else
            {
                Add(control, OpKind.Prop, "value", FormControls.IsSelect(control) ? FormControls.SelectedValues(control) : FormControls.ValueOf(control), keep: true);
            }
        }
        else
        {
            var button = ev.Submitter ?? target.Closest("button");
            // A button that states its own predictions stays clickable (rapid clicks all count), unless it asks for a loading text.
            if (button is not null && Tree.Within(el, button) && (!el.HasAttribute("lv-optimistic") || button.HasAttribute("data-loading-text")))
            {
                Add(button, OpKind.Attr, "disabled", "");
                if ((button.GetAttribute("data-loading-text") ?? button.GetAttribute("lv-disable-with")) is { } text) Add(button, OpKind.Text, "", text);
            }
        }

        foreach (var directive in (el.GetAttribute("lv-optimistic") ?? "").Split(';'))
        {
            var d = directive.Trim();
            if (d.Length == 0) continue;
            var before = ops.Count;
            try
            {
                var m = Directive().Match(d);
                if (!m.Success) throw new Ignored();
                var action = m.Groups[1].Value;
                var arg = m.Groups[2].Success ? m.Groups[2].Value : "";
                var where = m.Groups[3].Success ? m.Groups[3].Value : "this";
                IElement[] targets = where == "this" ? [el]
                    : where.StartsWith("closest:", StringComparison.Ordinal) ? [el.Closest(where[8..]) ?? throw new Ignored()]
                    : [.. (el.Closest("[data-lv-c]") ?? root).QuerySelectorAll(where)]; // a component's own elements, or the view's
                if (targets.Length == 0) throw new Ignored();
                var value = Quoted().Replace(arg, "$2");
                foreach (var t in targets)
                {
                    switch (action)
                    {
                        case "increment":
                        case "decrement":
                            var n = ParseFloat(t.TextContent);
                            var by = arg.Length > 0 ? ToNumber(arg) : 1;
                            if (double.IsNaN(n) || double.IsNaN(by)) throw new Ignored();
                            Add(t, OpKind.Text, "", NumberToString(n + (action[0] == 'i' ? by : -by)));
                            break;
                        case "text": Add(t, OpKind.Text, "", value); break;
                        case "toggle-class":
                        case "add-class":
                        case "remove-class":
                            if (value.Length == 0 || value.Any(char.IsWhiteSpace)) throw new Ignored();
                            Add(t, OpKind.Class, value, action[0] == 't' ? !t.ClassList.Contains(value) : action[0] == 'a');
                            break;
                        case "attr":
                            var eq = value.IndexOf('=');
                            var (attrName, attrValue) = eq < 0 ? (value, "") : (value[..eq], value[(eq + 1)..]);
                            root.Owner!.CreateElement("i").SetAttribute(attrName, ""); // throws now for a name that would throw mid-rebase
                            Add(t, OpKind.Attr, attrName, attrValue);
                            break;
                        case "hide":
                        case "show":
                            Add(t, OpKind.Attr, "hidden", action == "hide" ? "" : null);
                            break;
                        default: throw new Ignored();
                    }
                }
            }
            catch (Exception ex) when (ex is Ignored or DomException or ArgumentException)
            {
                ops.RemoveRange(before, ops.Count - before);
                warn($"lv-optimistic: ignored \"{d}\" on {Tree.StartTag(el)}");
            }
        }
        return ops;
    }

    /// <summary>
    /// <c>lv-disable-with="Saving…"</c> for an event of a handler that is not <c>[Optimistic]</c> (<c>disableWith</c>): while
    /// it is in flight the buttons of a submitted form that carry it (or the clicked element itself) are disabled and show
    /// that text; like any prediction it is reverted when the reply lands, and flagged on an error.
    /// </summary>
    public static List<OptimisticOp> DisableWith(IElement root, IElement el, DomEvent ev)
    {
        var ops = new List<OptimisticOp>();
        IEnumerable<IElement> buttons = ev.Type == "submit" ? el.QuerySelectorAll("[lv-disable-with]") : el.HasAttribute("lv-disable-with") ? [el] : [];
        foreach (var b in buttons.ToList())
        {
            var loc = PendingLog.Locator(root, b);
            ops.Add(new OptimisticOp(b, loc, OpKind.Attr, "disabled", ""));
            ops.Add(new OptimisticOp(b, loc, OpKind.Text, "", b.GetAttribute("lv-disable-with")));
        }
        return ops;
    }

    /// <summary>JavaScript's <c>parseFloat</c>: the longest numeric prefix after whitespace, else NaN.</summary>
    public static double ParseFloat(string s)
    {
        var m = FloatPrefix().Match(s);
        if (!m.Success) return double.NaN;
        var text = m.Groups[1].Value;
        if (text.EndsWith("Infinity", StringComparison.Ordinal)) return text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    /// <summary>JavaScript's unary <c>+</c> on a string: the whole trimmed string as a number ("" is 0), else NaN.</summary>
    public static double ToNumber(string s)
    {
        var t = s.Trim();
        if (t.Length == 0) return 0;
        if (t is "Infinity" or "+Infinity") return double.PositiveInfinity;
        if (t == "-Infinity") return double.NegativeInfinity;
        return t.All(c => char.IsAsciiDigit(c) || c is '.' or 'e' or 'E' or '+' or '-')
               && double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
    }

    /// <summary>JavaScript's <c>String(number)</c> for the values a counter takes (shortest round-trip form).</summary>
    public static string NumberToString(double n)
    {
        if (double.IsNaN(n)) return "NaN";
        if (double.IsInfinity(n)) return n > 0 ? "Infinity" : "-Infinity";
        if (n == 0) return "0";
        var r = n.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E');
        if (e < 0) return r;
        var exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture);
        if (exponent is >= -7 and < 21) return n.ToString("0.#####################", CultureInfo.InvariantCulture);
        return r[..e] + "e" + (exponent > 0 ? "+" : "-") + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }
}
