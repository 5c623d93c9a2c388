using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using LiveViews.Testing.Client;
using LiveViews.Testing.Dom;
using LiveViews.Testing.Protocol;

namespace LiveViews.Tests.Harness;

/// <summary>
/// Runs tests/vectors/optimistic-vectors.json (gestures, focus moves, replies, clock moves, connection drops) against the harness's client (the same file client/test/optimistic-vectors.test.ts
/// runs against the TypeScript client): the two implementations of the client's behaviour cannot drift apart.
/// </summary>
public sealed class OptimisticVectorTests
{
    private static readonly string FilePath = Path.Combine(RepoRoot(), "tests", "vectors", "optimistic-vectors.json");

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var c in JsonNode.Parse(File.ReadAllText(FilePath))!["cases"]!.AsArray()) data.Add(c!["name"]!.GetValue<string>());
        return data;
    }

    [Fact]
    public void The_file_has_cases() => Assert.True(Cases().Count > 20);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Case(string name)
    {
        var c = JsonNode.Parse(File.ReadAllText(FilePath))!["cases"]!.AsArray().First(x => x!["name"]!.GetValue<string>() == name)!;
        var meta = c["meta"]?.ToJsonString();
        var dom = new PageDom("<!DOCTYPE html><body><div data-lv-root data-lv-token=\"tok\"></div>");
        var root = dom.Document.QuerySelector("[data-lv-root]")!;
        if (meta is not null) root.SetAttribute("data-lv-m", meta);
        root.InnerHtml = c["html"]!.GetValue<string>();
        var clock = new VirtualClock(DateTimeOffset.FromUnixTimeMilliseconds(1_000_000));
        var timers = new ClientTimers(clock, a => a());
        var o = c["options"];
        var options = new ClientOptions(
            TimeSpan.FromMilliseconds(o?["t"]?.GetValue<double>() ?? 10_000), o?["q"]?.GetValue<int>() ?? 100,
            TimeSpan.FromMilliseconds(o?["a"]?.GetValue<double>() ?? 60_000));
        var transport = new ScriptedTransport();
        var events = new RecordedEvents();
        var view = new ClientView(dom, root, transport, options, timers, events);
        dom.Dispatch = view.Handle; // focus moves reach the view's listeners, as in the browser
        var handlerMeta = HandlerMeta.Parse(meta);
        if (c["joined"]?.GetValue<bool>() != false) view.Joined(new JoinReply("v1", 0, null, handlerMeta, null));
        int sentSeen = 0, errorsSeen = 0;

        IElement Q(string selector) => root.QuerySelector(selector) ?? throw new InvalidOperationException($"{name}: no element {selector}");
        void Fire(string type, IElement target, string? key = null, IElement? submitter = null) => view.Handle(new DomEvent(type, target, key, submitter));

        var i = 0;
        foreach (var step in c["steps"]!.AsArray().Select(s => s!.AsObject()))
        {
            var at = $"{name}, step {++i} ({Shorten(step.ToJsonString())})";
            if (step["click"] is { } click)
            {
                var el = Q(click.GetValue<string>());
                var changed = false;
                if (el is IHtmlInputElement input && FormControls.IsBox(el))
                {
                    if (FormControls.TypeOf(el) == "checkbox") { input.IsChecked = !input.IsChecked; changed = true; }
                    else if (!input.IsChecked) { FormControls.SetChecked(input, true); changed = true; }
                }
                Fire("click", el);
                if (changed)
                {
                    Fire("input", el);
                    Fire("change", el);
                }
            }
            else if ((step["input"] ?? step["change"]) is { } field)
            {
                var el = Q(field.GetValue<string>());
                if (el is IHtmlSelectElement select)
                {
                    var values = step["value"] is JsonArray many ? many.Select(v => v!.GetValue<string>()).ToArray() : [step["value"]!.GetValue<string>()];
                    foreach (var option in FormControls.Options(select)) option.IsSelected = values.Contains(FormControls.OptionValue(option));
                }
                else FormControls.SetValue(el, step["value"]!.GetValue<string>());
                Fire(step.ContainsKey("input") ? "input" : "change", el);
            }
            else if (step["keydown"] is { } keyTarget) Fire("keydown", Q(keyTarget.GetValue<string>()), step["key"]!.GetValue<string>());
            else if (step["focusout"] is { } blurred) Fire("focusout", Q(blurred.GetValue<string>()));
            else if (step["focus"] is { } focused) dom.FocusElement(Q(focused.GetValue<string>()));
            else if (step.ContainsKey("blur")) dom.Focus(null);
            else if (step["submit"] is { } form)
                Fire("submit", Q(form.GetValue<string>()), submitter: step["submitter"] is { } s ? Q(s.GetValue<string>()) : null);
            else if (step["reply"] is JsonObject reply)
            {
                var full = new JsonObject { ["r"] = 0, ["a"] = view.Ref, ["o"] = new JsonArray(), ["v"] = view.V + 1 };
                foreach (var (key, value) in reply) full[key] = value?.DeepClone();
                view.Receive(ClientReply.Read(JsonDocument.Parse(full.ToJsonString()).RootElement));
            }
            else if (step["advance"] is { } ms) clock.Advance(TimeSpan.FromMilliseconds(ms.GetValue<double>()));
            else if (step.ContainsKey("disconnect")) view.Disconnected();
            else if (step["join"] is JsonObject join)
                view.Joined(new JoinReply(join["id"]?.GetValue<string>() ?? "v1", join["v"]?.GetValue<long>() ?? 0,
                    join["h"] is { } h ? Content.Read(JsonDocument.Parse(h.ToJsonString()).RootElement) : null, handlerMeta, null));
            else if (step["sendFails"] is { } fails) transport.Fail = fails.GetValue<bool>();
            else if (step["expect"] is JsonObject x)
            {
                if (x["html"] is { } html) Assert.True(html.GetValue<string>() == Canonical(root), $"{at}: html\n expected {html}\n actual   {Canonical(root)}");
                foreach (var (s, text) in x["text"]?.AsObject() ?? [])
                    Assert.True(text!.GetValue<string>() == Q(s).TextContent, $"{at}: text of {s}: expected {text}, got {Q(s).TextContent}");
                foreach (var (s, cls) in x["classes"]?.AsObject() ?? [])
                    Assert.True(cls!.GetValue<string>() == Classes(Q(s)), $"{at}: classes of {s}: expected '{cls}', got '{Classes(Q(s))}'");
                foreach (var (s, attrs) in x["attrs"]?.AsObject() ?? [])
                    foreach (var (attr, value) in attrs!.AsObject())
                        Assert.True(value?.GetValue<string>() == Q(s).GetAttribute(attr), $"{at}: {s}[{attr}]: expected {value?.ToJsonString() ?? "null"}, got {Q(s).GetAttribute(attr) ?? "null"}");
                foreach (var (s, props) in x["props"]?.AsObject() ?? [])
                {
                    var el = Q(s);
                    if (props!["checked"] is { } on) Assert.True(on.GetValue<bool>() == FormControls.IsChecked(el), $"{at}: {s}.checked");
                    if (props["value"] is { } value) Assert.True(value.GetValue<string>() == FormControls.ValueOf(el), $"{at}: {s}.value: expected {value}, got {FormControls.ValueOf(el)}");
                    if (props["selected"] is JsonArray selected)
                        Assert.True(selected.Select(v => v!.GetValue<string>()).SequenceEqual(FormControls.SelectedValues(el)), $"{at}: {s} selected: got {string.Join(",", FormControls.SelectedValues(el))}");
                }
                if (x["root"] is { } rootClasses) Assert.True(rootClasses.GetValue<string>() == Classes(root), $"{at}: root classes: expected '{rootClasses}', got '{Classes(root)}'");
                if (x.TryGetPropertyValue("focused", out var focus))
                    Assert.True(ReferenceEquals(focus is null ? null : Q(focus.GetValue<string>()), dom.Focused), $"{at}: focused: expected {focus?.ToJsonString() ?? "none"}, got {(dom.Focused is { } f ? Tree.StartTag(f) : "none")}");
                foreach (var (s, ns) in x["ns"]?.AsObject() ?? [])
                    Assert.True(ns!.GetValue<string>() == Q(s).NamespaceUri, $"{at}: namespace of {s}: expected {ns}, got {Q(s).NamespaceUri}");
                if (x["sent"] is JsonArray sent)
                {
                    var actual = new JsonArray([.. transport.Sent.Skip(sentSeen).Select(n => n.DeepClone())]);
                    Assert.True(JsonNode.DeepEquals(sent, actual), $"{at}: sent\n expected {sent.ToJsonString()}\n actual   {actual.ToJsonString()}");
                }
                sentSeen = transport.Sent.Count;
                if (x["errors"] is JsonArray errors)
                {
                    var actual = new JsonArray([.. events.Errors.Skip(errorsSeen).Select(n => n.DeepClone())]);
                    Assert.True(JsonNode.DeepEquals(errors, actual), $"{at}: errors\n expected {errors.ToJsonString()}\n actual   {actual.ToJsonString()}");
                }
                errorsSeen = events.Errors.Count;
                if (x["warnings"] is { } warnings) Assert.True(warnings.GetValue<int>() == events.Warnings.Count, $"{at}: warnings: {string.Join(" | ", events.Warnings)}");
                if (x["pending"] is JsonArray pending)
                    Assert.True(pending.Select(p => p!.GetValue<long>()).SequenceEqual(view.Log.Entries.Select(e => e.Ref)), $"{at}: pending refs: got [{string.Join(",", view.Log.Entries.Select(e => e.Ref))}]");
            }
            else throw new InvalidOperationException($"{at}: unknown step");
        }
    }

    private static string Classes(IElement el) => string.Join(' ', el.ClassList.Order(StringComparer.Ordinal));

    private static readonly HashSet<string> Void = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"];

    /// <summary>The canonical serialization both runners share: attributes sorted by name, class tokens sorted, an empty class dropped.</summary>
    private static string Canonical(INode node)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var n in node.ChildNodes)
        {
            switch (n)
            {
                case IText text: sb.Append(text.Data.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")); break;
                case IComment comment: sb.Append("<!--").Append(comment.Data).Append("-->"); break;
                case IElement el:
                    var tag = el.LocalName;
                    sb.Append('<').Append(tag);
                    var attrs = el.Attributes
                        .Select(a => (a.Name, Value: a.Name == "class" ? string.Join(' ', a.Value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)) : a.Value))
                        .Where(a => !(a.Name == "class" && a.Value.Length == 0))
                        .OrderBy(a => a.Name, StringComparer.Ordinal);
                    foreach (var (attrName, value) in attrs) sb.Append(' ').Append(attrName).Append("=\"").Append(value.Replace("&", "&amp;").Replace("\"", "&quot;")).Append('"');
                    sb.Append('>');
                    if (!Void.Contains(tag)) sb.Append(Canonical(el is IHtmlTemplateElement t ? t.Content : el)).Append("</").Append(tag).Append('>');
                    break;
            }
        }
        return sb.ToString();
    }

    private static string Shorten(string s) => s.Length > 80 ? s[..80] : s;

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "LiveView.sln"))) return dir.FullName;
        throw new InvalidOperationException("LiveView.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Records sends as <c>[method, ...args]</c> (what the TypeScript runner's fake transport records); fails them on demand.</summary>
    private sealed class ScriptedTransport : IViewTransport
    {
        public List<JsonArray> Sent { get; } = [];
        public bool Fail { get; set; }

        public void Send(string method, object?[] args, Action onLost)
        {
            if (Fail)
            {
                onLost();
                return;
            }
            Sent.Add(new JsonArray([JsonValue.Create(method), .. args.Select(a => JsonSerializer.SerializeToNode(a))]));
        }
    }

    private sealed class RecordedEvents : IViewEvents
    {
        public List<JsonObject> Errors { get; } = [];
        public List<string> Warnings { get; } = [];
        public void Error(ClientView view, string handler, string message, long eventRef) =>
            Errors.Add(new JsonObject { ["handler"] = handler, ["message"] = message, ["ref"] = eventRef });
        public void Replied(ClientView view, ClientReply reply) { }
        public void Warn(string message) => Warnings.Add(message);
        public void Pushed(ClientView view, string name, JsonElement payload) { }
    }
}
