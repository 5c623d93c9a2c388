using System.Runtime.CompilerServices;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LiveViews.Testing.Dom;

/// <summary>
/// The page's document (AngleSharp, parsed from the real first render) and what a browser tracks beside it: the focused
/// element, and the touched field names of each form (client/src/forms.ts keeps them on the form element). Everything
/// the harness's client does goes through one <see cref="PageDom"/>.
/// </summary>
internal sealed class PageDom
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true });
    private readonly ConditionalWeakTable<IElement, List<string>> _touched = new();
    private IElement? _focused;

    public PageDom(string html) => Document = Parser.ParseDocument(html);

    /// <summary>The page.</summary>
    public IDocument Document { get; }

    /// <summary>The focused element (<c>document.activeElement</c> without the body), or null when it left the page.</summary>
    public IElement? Focused
    {
        get => _focused is not null && Document.Contains(_focused) ? _focused : null;
        set => _focused = value;
    }

    /// <summary>Where the page's focus events go (<c>focusin</c>/<c>focusout</c> reach the views' listeners).</summary>
    public Action<Client.DomEvent>? Dispatch { get; set; }

    /// <summary>
    /// Moves focus as the browser does: <c>focusout</c> on the focused element (which flushes its debounces and may touch
    /// its form's field), then <c>focusin</c> on <paramref name="next"/> (null: focus leaves for the body).
    /// </summary>
    public void Focus(IElement? next)
    {
        var current = Focused;
        if (ReferenceEquals(current, next)) return;
        _focused = null;
        if (current is not null) Dispatch?.Invoke(new Client.DomEvent("focusout", current));
        if (next is null) return;
        _focused = next;
        Dispatch?.Invoke(new Client.DomEvent("focusin", next));
    }

    /// <summary><c>el.focus()</c>: moves focus to <paramref name="el"/> when it is in the page and focusable, else does nothing.</summary>
    public void FocusElement(IElement? el)
    {
        if (el is not null && Document.Contains(el) && Tree.IsFocusable(el)) Focus(el);
    }

    /// <summary>The touched field names of <paramref name="form"/>, in the order they were touched (they die with the element).</summary>
    public List<string> TouchedOf(IElement form) => _touched.GetOrCreateValue(form);

    /// <summary>Nodes parsed from <paramref name="html"/> with the fragment parsing algorithm in the context of <paramref name="parent"/>.</summary>
    public INode[] ParseFragment(INode parent, string html) =>
        [.. Parser.ParseFragment(html, parent as IElement ?? Document.Body!)];

    /// <summary>A text node of this document.</summary>
    public IText Text(string data) => Document.CreateTextNode(data);
}

/// <summary>Tree helpers the client's DOM code uses (the counterparts of <c>closest</c>, <c>contains</c>, <c>#id</c> lookups).</summary>
internal static class Tree
{
    /// <summary>True when <paramref name="node"/> is <paramref name="ancestor"/> or inside it.</summary>
    public static bool Within(INode ancestor, INode? node)
    {
        for (var n = node; n is not null; n = n.Parent)
            if (ReferenceEquals(n, ancestor)) return true;
        return false;
    }

    /// <summary>The first element under <paramref name="root"/> (in tree order) whose id is <paramref name="id"/>.</summary>
    public static IElement? ById(IElement root, string id) => root.Descendants<IElement>().FirstOrDefault(e => e.Id == id);

    /// <summary>The first element under <paramref name="root"/> whose attribute <paramref name="name"/> equals <paramref name="value"/>.</summary>
    public static IElement? ByAttribute(IElement root, string name, string value) =>
        root.Descendants<IElement>().FirstOrDefault(e => e.GetAttribute(name) == value);

    /// <summary>The element itself or its nearest ancestor carrying attribute <paramref name="name"/>.</summary>
    public static IElement? ClosestWith(IElement? el, string name)
    {
        for (var e = el; e is not null; e = e.ParentElement)
            if (e.HasAttribute(name)) return e;
        return null;
    }

    /// <summary>
    /// <c>classList.toggle(name, on)</c>: adds the class when <paramref name="on"/>, else removes it. (AngleSharp's
    /// <c>Toggle(name, false)</c> toggles, since its <c>force</c> parameter only forces adding.)
    /// </summary>
    public static void SetClass(IElement el, string name, bool on)
    {
        if (on) el.ClassList.Add(name);
        else el.ClassList.Remove(name);
    }

    /// <summary>Removes every child of <paramref name="parent"/> and appends <paramref name="nodes"/>.</summary>
    public static void ReplaceChildren(INode parent, IEnumerable<INode> nodes)
    {
        var list = nodes.ToArray(); // the nodes may be children of parent (an undo puts them back)
        while (parent.FirstChild is { } child) parent.RemoveChild(child);
        foreach (var node in list) parent.AppendChild(node);
    }

    /// <summary>The node's start tag (for messages), e.g. <c>&lt;button id="add" disabled&gt;</c>.</summary>
    public static string StartTag(IElement el)
    {
        var outer = el.OuterHtml;
        var end = outer.IndexOf('>');
        var tag = end < 0 ? outer : outer[..(end + 1)];
        return tag.Length > 160 ? tag[..157] + "…>" : tag;
    }

    /// <summary>
    /// True when <c>el.focus()</c> would focus it: an enabled button, input (not hidden), select or textarea, a link or
    /// area with <c>href</c>, or an element with <c>tabindex</c> or <c>contenteditable</c> (layout is not known: hidden
    /// elements count).
    /// </summary>
    public static bool IsFocusable(IElement el)
    {
        if (el is IHtmlButtonElement or IHtmlInputElement or IHtmlSelectElement or IHtmlTextAreaElement)
            return !IsDisabled(el) && !(el is IHtmlInputElement && FormControls.TypeOf(el) == "hidden");
        return ((el is IHtmlAnchorElement or IHtmlAreaElement) && el.HasAttribute("href")) || el.HasAttribute("tabindex") || el.HasAttribute("contenteditable");
    }

    /// <summary>True for an element whose form control is disabled (its own attribute or a disabled fieldset ancestor, not inside its first legend).</summary>
    public static bool IsDisabled(IElement el)
    {
        if (el is not (IHtmlButtonElement or IHtmlInputElement or IHtmlSelectElement or IHtmlTextAreaElement or IHtmlOptionElement)) return false;
        if (el.HasAttribute("disabled")) return true;
        for (var p = el.ParentElement; p is not null; p = p.ParentElement)
            if (p is IHtmlFieldSetElement fs && fs.HasAttribute("disabled"))
                return !(fs.Children.FirstOrDefault(c => c is IHtmlLegendElement) is { } legend && Within(legend, el));
        return false;
    }
}
