using System.Text;
using System.Text.Json;

namespace LiveViews.Redis.Tests;

/// <summary>The envelope codec on its own: what may cross servers, and what a hostile wire cannot do.</summary>
public sealed class MessageCodecTests
{
    private static MessageCodec Codec(int maxBytes = 64 * 1024)
    {
        var options = new RedisBackplaneOptions { MaxMessageBytes = maxBytes };
        options.RegisterMessageType<Note>("note");
        return new MessageCodec(options);
    }

    public static TheoryData<object> BuiltIns() => new()
    {
        "text with \"quotes\" and <html> & ünïcode", true, 42, long.MaxValue, 3.25, double.NaN, double.PositiveInfinity, 12.5m,
        Guid.Parse("b3c1a3e4-4c8e-4a55-9a53-2f0f0f7a0a01"), new DateTime(2026, 3, 1, 12, 30, 0, DateTimeKind.Utc),
        new DateTimeOffset(2026, 3, 1, 12, 30, 0, TimeSpan.FromHours(2)),
    };

    [Theory]
    [MemberData(nameof(BuiltIns))]
    public void Built_in_types_round_trip_with_their_type(object message)
    {
        var codec = Codec();
        Assert.True(codec.TryDecode(codec.Encode("node-a", 7, message), out var envelope, out var error), error);
        Assert.Equal("node-a", envelope.Node);
        Assert.Equal(7, envelope.Sequence);
        Assert.IsType(message.GetType(), envelope.Message);
        Assert.Equal(message, envelope.Message);
    }

    [Fact]
    public void Json_elements_and_registered_types_round_trip()
    {
        var codec = Codec();
        var json = JsonDocument.Parse("""{"a":[1,2,{"b":null}],"c":"d"}""").RootElement;
        Assert.True(codec.TryDecode(codec.Encode("n", 1, json), out var e1, out _));
        Assert.Equal(json.GetRawText(), ((JsonElement)e1.Message).GetRawText());

        var note = new Note("ada", "hello", 3);
        Assert.True(codec.TryDecode(codec.Encode("n", 2, note), out var e2, out _));
        Assert.Equal(note, e2.Message);
        Assert.NotSame(note, e2.Message);
    }

    [Fact]
    public void Unregistered_types_and_oversized_messages_are_refused_at_publish()
    {
        var codec = Codec(maxBytes: 1024);
        var notSupported = Assert.Throws<NotSupportedException>(() => codec.Encode("n", 1, new { Secret = 1 }));
        Assert.Contains("RegisterMessageType", notSupported.Message);
        Assert.Throws<NotSupportedException>(() => codec.Encode("n", 1, new List<string>()));
        var tooBig = Assert.Throws<ArgumentException>(() => codec.Encode("n", 1, new string('x', 2000)));
        Assert.Contains("MaxMessageBytes", tooBig.Message);
        Assert.Throws<ArgumentNullException>(() => codec.Encode("n", 1, null!));
    }

    public static TheoryData<string, string> Hostile() => new()
    {
        { "not json at all", "malformed" },
        { "", "malformed" },
        { "[1,2,3]", "not an envelope" },
        { """{"n":"x","s":1,"t":"$s"}""", "not an envelope" },
        { """{"n":"x","s":"one","t":"$s","d":"a"}""", "not an envelope" },
        { """{"n":"","s":1,"t":"$s","d":"a"}""", "bad node id" },
        { """{"n":"x","s":1,"t":"System.Diagnostics.Process, System","d":{}}""", "unknown message type" },
        { """{"n":"x","s":1,"t":"LiveViews.Redis.Tests.Note","d":{"author":"a","text":"b","priority":1}}""", "unknown message type" },
        { """{"n":"x","s":1,"t":"$i","d":"not a number"}""", "malformed" },
        { """{"n":"x","s":1,"t":"$i","d":99999999999}""", "malformed" },
        { """{"n":"x","s":1,"t":"$s","d":null}""", "null message" },
        { """{"n":"x","s":1,"t":"note","d":{"author":"a","text":"b","priority":"high"}}""", "malformed" },
        { """{"n":"x","s":1,"t":"$j","d":""" + new string('[', 100) + new string(']', 100) + "}", "malformed" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_envelopes_are_rejected_with_a_reason(string wire, string reason)
    {
        Assert.False(Codec().TryDecode(Encoding.UTF8.GetBytes(wire), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void An_oversized_envelope_is_rejected_before_it_is_parsed()
    {
        var wire = Encoding.UTF8.GetBytes("""{"n":"x","s":1,"t":"$s","d":" """ + new string('x', 2000) + "\"}");
        Assert.False(Codec(maxBytes: 1024).TryDecode(wire, out _, out var error));
        Assert.Contains("exceed MaxMessageBytes", error);
    }

    [Fact]
    public void Registration_refuses_reserved_and_duplicate_names()
    {
        var options = new RedisBackplaneOptions();
        options.RegisterMessageType<Note>("note");
        Assert.Throws<ArgumentException>(() => options.RegisterMessageType<string>("$s"));
        Assert.Throws<ArgumentException>(() => options.RegisterMessageType<Guid>("note"));
        Assert.Throws<ArgumentException>(() => options.RegisterMessageType<Note>("other"));
        Assert.Throws<ArgumentException>(() => options.RegisterMessageType<Uri>(" "));
    }
}
