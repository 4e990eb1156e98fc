using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using System.Text.Json;
using CsCheck;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// Framing as a property: whatever an item holds, the events written read back through
/// <see cref="SseParser"/> (the parser .NET clients use) as exactly those events, no more, no fewer.
/// </summary>
public sealed class FramingPropertyTests
{
    // Pieces that matter to the framing (line breaks of every kind, field names, colons, spaces,
    // NUL, multi-byte characters and a surrogate pair) plus a long run that crosses pipe segments.
    private static readonly string[] Atoms =
    [
        "a", "Z", " ", ":", "\r", "\n", "\r\n", "\n\n", "\r\r", "data:", "event: evil", "id: 666", "retry: 1",
        "\0", "\t", "\"", "\\", "é", "€", "😀", "\u2028", new string('x', 5000),
    ];

    internal static readonly Gen<string> AnyText =
        Gen.Int[0, Atoms.Length - 1].Select(i => Atoms[i]).Array[0, 12].Select(parts => string.Concat(parts));

    // A legal event name has no line break; an empty one means "message".
    internal static readonly Gen<string?> EventName =
        Gen.Frequency((1, Gen.Const((string?)null)), (3, AnyText.Select(t => (string?)Strip(t, '\r', '\n'))));

    // A legal id is visible ASCII only (what a client can send back in Last-Event-ID).
    internal static readonly Gen<string?> EventId =
        Gen.Frequency((1, Gen.Const((string?)null)), (3, AnyText.Select(t => (string?)VisibleAscii(t))));

    private static readonly Gen<(string Text, string? Name, string? Id)> TextEvent = Gen.Select(AnyText, EventName, EventId);

    [Fact]
    public void Any_text_events_read_back_as_the_same_events_with_line_breaks_as_LF()
    {
        TextEvent.Array[1, 4].Sample(events =>
        {
            var parsed = WriteAndParse(frame =>
            {
                foreach (var (text, name, id) in events)
                {
                    frame.WriteTextEvent(text, name, id);
                }
            });

            Assert.Equal(events.Length, parsed.Count);
            for (var i = 0; i < events.Length; i++)
            {
                var (text, name, id) = events[i];
                // SSE carries lines: CR and CRLF arrive as LF, everything else as it was.
                Assert.Equal(text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'), parsed[i].Data);
                Assert.Equal(string.IsNullOrEmpty(name) ? "message" : name, parsed[i].EventType);
                if (id is not null)
                {
                    Assert.Equal(id, parsed[i].EventId);
                }
            }
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Any_json_payload_reads_back_unchanged()
    {
        Gen.Select(AnyText, Gen.Int, EventId).Array[1, 4].Sample(items =>
        {
            var parsed = WriteAndParse(frame =>
            {
                foreach (var (text, number, id) in items)
                {
                    frame.WriteJsonEvent(new Note(text, number), TestJson.Default.Note, eventType: "note", id: id);
                }
            });

            Assert.Equal(items.Length, parsed.Count);
            for (var i = 0; i < items.Length; i++)
            {
                Assert.Equal("note", parsed[i].EventType);
                Assert.Equal(new Note(items[i].Item1, items[i].Item2), JsonSerializer.Deserialize(parsed[i].Data, TestJson.Default.Note));
            }
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void An_event_name_that_would_break_the_framing_or_an_id_a_client_could_not_send_back_is_refused_and_nothing_of_it_is_written()
    {
        Gen.Select(AnyText, AnyText).Where(t => t.Item1.AsSpan().IndexOfAny('\r', '\n') >= 0 || t.Item2.AsSpan().IndexOfAnyExceptInRange('\x21', '\x7E') >= 0).Sample((name, id) =>
        {
            var parsed = WriteAndParse(frame =>
            {
                frame.WriteTextEvent("before");
                Assert.Throws<SseFormatException>(() => frame.WriteTextEvent("refused", name, id));
                frame.WriteTextEvent("after");
            });

            Assert.Equal(["before", "after"], parsed.Select(e => e.Data));
        }, iter: 500, threads: 1);
    }

    /// <summary>
    /// Writes the events twice, committing every frame and deferring the commit to the end as the
    /// stream loop does; the two must be the same bytes. Parses them back.
    /// </summary>
    private static List<SseItem<string>> WriteAndParse(Action<SseFrameWriter> write)
    {
        var perFrame = Write(write, deferCommit: false);
        var deferred = Write(write, deferCommit: true);
        Assert.Equal(perFrame, deferred);
        return [.. SseParser.Create(new MemoryStream(perFrame)).Enumerate()];
    }

    private static byte[] Write(Action<SseFrameWriter> write, bool deferCommit)
    {
        var stream = new MemoryStream();
        var pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        var frame = new SseFrameWriter(pipe) { DeferCommit = deferCommit };
        try
        {
            write(frame);
        }
        finally
        {
            frame.Commit();
        }

        pipe.FlushAsync().AsTask().GetAwaiter().GetResult();
        pipe.Complete();
        return stream.ToArray();
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("a b")]
    [InlineData("\t")]
    [InlineData("\u007f")]
    [InlineData("é")]
    [InlineData("\u00a0")]
    [InlineData("😀")]
    [InlineData("\0")]
    [InlineData("1\r\nevent: injected")]
    public void An_id_with_a_character_outside_visible_ASCII_is_refused_with_the_whole_event(string id)
    {
        var parsed = WriteAndParse(frame =>
        {
            frame.WriteTextEvent("before", id: "1");
            var refused = Assert.Throws<SseFormatException>(() => frame.WriteJsonEvent(new Note("refused", 2), TestJson.Default.Note, "note", id));
            Assert.Contains("visible ASCII", refused.Message, StringComparison.Ordinal);
            frame.WriteTextEvent("after", id: "!~{}\"'\\3");
        });

        Assert.Equal(["before", "after"], parsed.Select(e => e.Data));
        Assert.Equal(["1", "!~{}\"'\\3"], parsed.Select(e => e.EventId));
    }

    internal static string VisibleAscii(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is >= '\x21' and <= '\x7E')
            {
                kept.Append(c);
            }
        }

        return kept.ToString();
    }

    private static string Strip(string text, params char[] chars)
    {
        foreach (var c in chars)
        {
            text = text.Replace(c.ToString(), string.Empty, StringComparison.Ordinal);
        }

        return text;
    }
}
