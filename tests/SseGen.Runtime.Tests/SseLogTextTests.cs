using Xunit;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The one escaper of user text (src/Shared/SseLogText.cs, compiled into the runtime, the Redis
/// package and the client): what a log line or an exception message shows of a hostile value.
/// </summary>
public class SseLogTextTests
{
    [Theory]
    [InlineData("room-1", "room-1")]
    [InlineData("", "")]
    [InlineData("a\r\nfail: forged", "a\\u000D\\u000Afail: forged")]
    [InlineData("nel\u0085ls\u2028ps\u2029", "nel\\u0085ls\\u2028ps\\u2029")]
    [InlineData("esc\u001b[2J del\u007f", "esc\\u001B[2J del\\u007F")]
    [InlineData("back\\slash", "back\\u005Cslash")]
    [InlineData("bidi\u202Eevil\u2066", "bidi\\u202Eevil\\u2066")]
    [InlineData("zero\u200Bwidth", "zero\\u200Bwidth")]
    [InlineData("größe 😀", "größe 😀")]
    public void Escapes_what_could_forge_a_line_or_hide_text_and_keeps_the_rest(string text, string shown) =>
        Assert.Equal(shown, SseLogText.Escape(text));

    // Not theory data: xunit's serialization of InlineData turns a lone surrogate into U+FFFD.
    [Fact]
    public void A_lone_surrogate_is_escaped_and_a_pair_is_kept()
    {
        Assert.Equal("lone\\uD800high", SseLogText.Escape("lone\uD800high"));
        Assert.Equal("lone\\uDC00low", SseLogText.Escape("lone\uDC00low"));
        Assert.Equal("end\\uD800", SseLogText.Escape("end\uD800"));
        Assert.Equal("pair\uD83D\uDE00", SseLogText.Escape("pair\uD83D\uDE00"));
    }

    [Fact]
    public void Ascii_only_shows_every_character_outside_printable_ascii_as_an_escape() =>
        Assert.Equal("caf\\u00E9 \\uD83D\\uDE00", SseLogText.Escape("café 😀", asciiOnly: true));

    [Fact]
    public void A_long_value_is_cut_and_what_was_left_out_is_counted()
    {
        var shown = SseLogText.Escape(new string('x', 1_000_000), maxLength: 64);
        Assert.Equal(new string('x', 64) + "…(999936 more characters)", shown);
    }

    [Fact]
    public void A_value_with_nothing_to_escape_is_returned_as_it_is()
    {
        const string text = "nothing to see";
        Assert.Same(text, SseLogText.Escape(text));
    }
}
