using LiveViews.Diffing;

namespace LiveViews.Tests.Diffing;

public sealed class KeyTableTests
{
    [Fact]
    public void Two_parses_of_rows_with_the_same_ids_share_their_key_strings()
    {
        // Two views' rows: different content, the same ids (as every view of one list has).
        var a = new ViewTree();
        a.Initialize("<ul><li id=\"k-1\">mine</li><li lv-id=\"k-2\">mine</li></ul>");
        var b = new ViewTree();
        b.Initialize("<ul><li id=\"k-1\">yours</li><li lv-id=\"k-2\">yours</li></ul>");
        var rowsA = ((VElement)a.Children[0]).Children;
        var rowsB = ((VElement)b.Children[0]).Children;
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal($"k-{i + 1}", ((VElement)rowsA[i]).Key);
            Assert.Same(((VElement)rowsA[i]).Key, ((VElement)rowsB[i]).Key);
        }
    }

    [Fact]
    public void A_long_key_is_kept_as_its_own_copy()
    {
        var key = new string('k', KeyTable.MaxLength + 1);
        Assert.Same(key, KeyTable.Share(key));
        Assert.Same(key, KeyTable.Share(key)); // not remembered: a second equal string would not get the first back
        var other = new string('k', KeyTable.MaxLength + 1);
        Assert.Same(other, KeyTable.Share(other));
    }

    [Fact]
    public void Whatever_the_slots_hold_the_answer_equals_the_key()
    {
        // Far more keys than slots: keys evict each other, and every answer is still an equal string.
        for (int i = 0; i < KeyTable.Slots * 2; i++)
        {
            var key = "row-" + i;
            Assert.Equal(key, KeyTable.Share(key));
        }
        var again = "row-" + 7;
        Assert.Equal("row-7", KeyTable.Share(again));
    }
}
