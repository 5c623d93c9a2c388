using System.Text;
using System.Text.Encodings.Web;

namespace LiveViews.BenchServer.Twins;

/// <summary>The architectures compared with this framework; each gets the same markup, only its binding attributes differ.</summary>
public enum Flavor { Htmx, Morph, Floor }

/// <summary>
/// Markup of the twins: the same elements, ids and classes as the framework's Razor templates (Live/*.cshtml),
/// with each architecture's own binding attributes.
/// </summary>
public static class TwinMarkup
{
    private static readonly HtmlEncoder Enc = HtmlEncoder.Default;

    public static string Counter(Flavor flavor, string sid, int count)
    {
        var (dec, inc) = flavor switch
        {
            Flavor.Htmx => ($"hx-post=\"/htmx/counter/{sid}/decrement\" hx-target=\"#count\" hx-swap=\"outerHTML\"",
                            $"hx-post=\"/htmx/counter/{sid}/increment\" hx-target=\"#count\" hx-swap=\"outerHTML\""),
            Flavor.Morph => ("data-m-click=\"Decrement\"", "data-m-click=\"Increment\""),
            _ => ("data-f=\"dec\"", "data-f=\"inc\""),
        };
        return $"<div id=\"counter\"><button id=\"decrement\" {dec}>-</button> {CountSpan(count)} <button id=\"increment\" {inc}>+</button></div>";
    }

    public static string CountSpan(int count) => $"<span id=\"count\">{count}</span>";

    public static string Todos(Flavor flavor, string sid, List<TodoItem> items)
    {
        var sb = new StringBuilder(256 + items.Count * 260);
        sb.Append("<h1>Todos</h1>\n");
        var submit = flavor switch
        {
            Flavor.Htmx => $"hx-post=\"/htmx/todos/{sid}/add\" hx-target=\"#todo-list\" hx-swap=\"beforeend\"",
            Flavor.Morph => "data-m-submit=\"Add\"",
            _ => "data-f=\"add\"",
        };
        sb.Append("<form id=\"new-todo\" ").Append(submit).Append("><input name=\"title\" autocomplete=\"off\"> <button type=\"submit\">Add</button></form>\n");
        var toggleAll = flavor switch
        {
            Flavor.Htmx => $"hx-post=\"/htmx/todos/{sid}/toggle-all\" hx-target=\"#todo-list\" hx-swap=\"innerHTML\"",
            Flavor.Morph => "data-m-click=\"ToggleAll\"",
            _ => "data-f=\"toggle-all\"",
        };
        sb.Append("<button id=\"toggle-all\" ").Append(toggleAll).Append(">Toggle all</button>\n");
        sb.Append("<ul id=\"todo-list\">\n");
        foreach (var t in items) Row(sb, flavor, sid, t).Append('\n');
        sb.Append("</ul>\n");
        return sb.ToString();
    }

    public static string Rows(Flavor flavor, string sid, List<TodoItem> items)
    {
        var sb = new StringBuilder(items.Count * 260 + 8);
        sb.Append('\n');
        foreach (var t in items) Row(sb, flavor, sid, t).Append('\n');
        return sb.ToString();
    }

    public static StringBuilder Row(StringBuilder sb, Flavor flavor, string sid, TodoItem t)
    {
        var (toggle, delete) = flavor switch
        {
            Flavor.Htmx => ($"hx-post=\"/htmx/todos/{sid}/toggle/{t.Id}\" hx-target=\"closest li\" hx-swap=\"outerHTML\"",
                            $"hx-post=\"/htmx/todos/{sid}/delete/{t.Id}\" hx-target=\"closest li\" hx-swap=\"outerHTML\""),
            Flavor.Morph => ($"data-m-change=\"Toggle\" data-m-value-id=\"{t.Id}\"", $"data-m-click=\"Delete\" data-m-value-id=\"{t.Id}\""),
            _ => ($"data-f=\"toggle\" data-f-id=\"{t.Id}\"", $"data-f=\"delete\" data-f-id=\"{t.Id}\""),
        };
        sb.Append("<li id=\"todo-").Append(t.Id).Append("\" data-id=\"").Append(t.Id).Append("\" class=\"").Append(t.Done ? "done" : "open").Append("\">")
          .Append("<input type=\"checkbox\"").Append(t.Done ? " checked=\"checked\"" : "").Append(' ').Append(toggle).Append("> <span>")
          .Append(Enc.Encode(t.Title)).Append("</span> <button class=\"delete\" ").Append(delete).Append(">x</button></li>");
        return sb;
    }

    public static string Page(string title, string rootId, string body, string scripts) =>
        $"<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{Enc.Encode(title)}</title></head>\n" +
        $"<body><div id=\"{rootId}\" data-twin-root>{body}</div>{scripts}</body>\n</html>";
}
