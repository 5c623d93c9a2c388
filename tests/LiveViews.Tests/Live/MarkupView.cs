namespace LiveViews.Tests.Live;

/// <summary>A view whose template writes one of <see cref="Cases"/> as raw HTML (chosen by the <c>case</c> parameter), for markup checks.</summary>
public sealed class MarkupView : LiveView
{
    /// <summary>Named templates: balanced ones, and each kind of unbalanced render of issue 15.</summary>
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["ok"] = "<p>ok</p><table><tr><td>1</td></tr></table>",
        ["script"] = "<p>x</p><script>var a = 1;",
        ["comment"] = "<p>x</p><!-- note",
        ["textarea"] = "<textarea>draft",
        ["template"] = "<template><p>x</p>",
        ["div"] = "<div><p>x</p>",
        ["table"] = "<table><tr><td>x</td></tr>",
        ["stray"] = "<p>x</p></div><p>y</p>",
        ["plaintext"] = "<plaintext>x",
        ["segment"] = "<ul><!--lv:s--><li><b>x</li><!--lv:/s--></ul>",
    };

    public string Html { get; private set; } = "";

    public override Task MountAsync(MountContext context)
    {
        Html = Cases[context.Params.TryGetValue("case", out var name) ? name : "ok"];
        return Task.CompletedTask;
    }
}
