using LiveViews.Diffing;
using LiveViews.Rendering;

namespace LiveViews.Tests.Diffing;

/// <summary>
/// Rows a template writes are held as a shared shape (the template's literal text) and their values
/// (<see cref="SegmentShape"/>, <see cref="ShapedSegment"/>), found by <see cref="SegmentWriter"/>: the HTML is always
/// exactly what was written, and the form is only chosen when it is smaller than the UTF-8.
/// </summary>
public class SegmentShapeTests
{
    // Literals, as a compiled template's are (on the runtime's non-GC heap).
    private const string Open = "<li id=\"todo-", Mid = "\" class=\"open\"><span>", Close = "</span><button lv-value-id=\"", End = "\">x</button></li>";

    /// <summary>A string made at run time, as a value is (a literal, even a value's, counts as the template's text).</summary>
    private static string Value(string text) => new(text.AsSpan());

    private static (string Html, SegmentRun[] Runs) Write(params string[] pieces)
    {
        var writer = SegmentWriter.Rent();
        try
        {
            foreach (var piece in pieces) writer.Write(piece);
            return (writer.ToString(), writer.Runs.ToArray());
        }
        finally
        {
            SegmentWriter.Return(writer);
        }
    }

    private static SharedSegment Intern(SegmentPool pool, params string[] pieces)
    {
        var (html, runs) = Write(pieces);
        return pool.Intern(html, runs)!;
    }

    [Fact]
    public void The_writer_tells_literals_from_values_and_joins_what_an_encoder_writes_in_pieces()
    {
        var title = Value("Buy milk");
        var writer = SegmentWriter.Rent();
        writer.Write(Open);
        writer.Write(Mid); // literals in a row: one static run
        writer.Write(title);
        writer.Write(Close);
        writer.Write("Fish ".AsSpan());
        writer.Write('&');
        writer.Write("amp;".ToCharArray(), 0, 4);
        writer.Write(End);
        var runs = writer.Runs.ToArray();
        Assert.Equal(Open + Mid + title + Close + "Fish &amp;" + End, writer.ToString());
        SegmentWriter.Return(writer);

        Assert.Equal(5, runs.Length);
        Assert.True(runs[0].IsStatic);
        Assert.Equal((Open + Mid).Length, runs[0].Length);
        Assert.False(runs[1].IsStatic);
        Assert.Same(title, runs[1].Source); // a value written whole is kept by reference
        Assert.True(runs[2].IsStatic);
        Assert.False(runs[3].IsStatic);
        Assert.Null(runs[3].Source);
        Assert.Equal("Fish &amp;".Length, runs[3].Length);
        Assert.True(runs[4].IsStatic);
        Assert.Same(End, runs[4].Source);
    }

    [Fact]
    public void A_row_is_held_as_a_shared_shape_and_its_values_once_each_and_gives_back_its_html()
    {
        var pool = new SegmentPool();
        var id = Value("1207");
        var one = Intern(pool, Open, id, Mid, Value("Buy milk"), Close, Value("1207"), End);
        var two = Intern(pool, Open, Value("1208"), Mid, Value("Call Jo"), Close, Value("1208"), End);

        var shaped = Assert.IsType<ShapedSegment>(one);
        Assert.Equal(Open + "1207" + Mid + "Buy milk" + Close + "1207" + End, one.Html);
        Assert.Equal(one.Html.Length, one.Length);
        Assert.Same(shaped.Shape, ((ShapedSegment)two).Shape);
        Assert.Equal(2, shaped.Shape.ValueCount); // the id twice, held once
        Assert.Equal([0, 1, 0], shaped.Shape.Holes!);
        Assert.Equal([Open, Mid, Close, End], shaped.Shape.Statics);
        Assert.True(one.ContentEquals(one.Html));
        Assert.Same(one, pool.Intern(one.Html)); // the same HTML, however written, is the same row
    }

    [Theory]
    [InlineData(0)] // a static differs
    [InlineData(1)] // a value differs
    [InlineData(2)] // longer
    [InlineData(3)] // shorter
    public void A_shaped_row_equals_only_its_exact_html(int change)
    {
        var row = Intern(new SegmentPool(), Open, Value("7"), Mid, Value("Buy milk"), End);
        var html = row.Html;
        var other = change switch
        {
            0 => html.Replace("open", "opEn"),
            1 => html.Replace("milk", "mink"),
            2 => html + " ",
            _ => html[..^1],
        };
        Assert.False(row.ContentEquals(other));
        Assert.True(row.ContentEquals(html));
    }

    [Fact]
    public void Rows_starting_or_ending_with_a_value_keep_empty_statics_there()
    {
        var pool = new SegmentPool();
        var row = Intern(pool, Value("7"), Mid + Close + End, Value("9"));
        var shaped = Assert.IsType<ShapedSegment>(row);
        Assert.Equal(["", Mid + Close + End, ""], shaped.Shape.Statics);
        Assert.Equal("7" + Mid + Close + End + "9", row.Html);
    }

    [Fact]
    public void A_row_that_is_mostly_values_or_has_no_value_is_held_as_utf8()
    {
        var pool = new SegmentPool();
        // Short statics between many values: the references would outweigh the bytes.
        var values = Intern(pool, "<p>", Value("a"), ",", Value("b"), ",", Value("c"), ",", Value("d"), "</p>");
        Assert.IsType<Utf8Segment>(values);
        Assert.Equal("<p>a,b,c,d</p>", values.Html);
        var literal = Intern(pool, Open, Mid, End);
        Assert.IsType<Utf8Segment>(literal);
        Assert.Equal(Open + Mid + End, literal.Html);
    }

    [Fact]
    public void A_value_with_a_lone_surrogate_is_not_pooled_and_other_text_is()
    {
        var pool = new SegmentPool();
        var (bad, badRuns) = Write(Open, Value("x" + (char)0xDC00), End);
        Assert.Null(pool.Intern(bad, badRuns));
        var (emoji, runs) = Write(Open, Value("caf\u00e9 \U0001F600 long enough to be worth it"), Mid, End);
        var row = pool.Intern(emoji, runs)!;
        Assert.Equal(emoji, row.Html);
        Assert.Same(row, pool.Intern(emoji));
    }
}
