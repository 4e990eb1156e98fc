using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using CsCheck;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The framing property on the broadcast path: whatever is published, and whatever a client sends
/// as <c>Last-Event-ID</c>, a subscriber's bytes read back through <see cref="SseParser"/> as exactly
/// one event per publish (plus the channel's own <c>reset</c>/<c>missed</c> signals, written by the
/// same frame writer), and no client text ever reaches a frame.
/// </summary>
public sealed class BroadcastFramingPropertyTests
{
    // What a hostile or broken client may send as Last-Event-ID through the public Subscribe(lastEventId).
    private static readonly string[] HostileAtoms =
    [
        "\r", "\n", "\r\n", "\"", "\\", "\0", "é", "😀", "\u2028", " ", "{", "}", "\"}", "latestId", "id: 1",
        "event: evil", "data: {\"x\":1}", "\n\ndata: injected\n\n", "-", "1", "99999999999999999999", new string('x', 10 * 1024),
    ];

    private static readonly Gen<string> Hostile =
        Gen.Int[0, HostileAtoms.Length - 1].Select(i => HostileAtoms[i]).Array[1, 6].Select(parts => string.Concat(parts));

    [Fact]
    public void Any_items_and_event_types_published_to_a_channel_read_back_as_one_event_per_publish_with_the_channel_ids()
    {
        Gen.Select(FramingPropertyTests.AnyText, Gen.Int, FramingPropertyTests.EventName).Array[1, 12].Sample(items =>
        {
            using var channels = NewChannels(new SseChannelOptions());
            var channel = channels.Get("property");
            using var live = new Reader(channel.Attach(null));
            var ids = items.Select(i => channel.Publish(new Note(i.Item1, i.Item2), i.Item3)).ToList();

            var parsed = live.ReadAll();
            Assert.Equal(items.Length, parsed.Count);
            for (var i = 0; i < items.Length; i++)
            {
                Assert.Equal(ids[i], parsed[i].EventId);
                Assert.Equal(string.IsNullOrEmpty(items[i].Item3) ? "message" : items[i].Item3, parsed[i].EventType);
                Assert.Equal(new Note(items[i].Item1, items[i].Item2), JsonSerializer.Deserialize(parsed[i].Data, TestJson.Default.Note));
                Assert.True(ids[i].AsSpan().IndexOfAnyExceptInRange('\x21', '\x7E') < 0, $"The channel issued an id a client cannot send back: {ids[i]}");
            }

            // A client that resumes from any of those ids gets exactly the events after it.
            var from = items.Length / 2;
            using var resumed = new Reader(channel.Attach(ids[from]));
            Assert.Equal(ids.Skip(from + 1), resumed.ReadAll().Select(e => e.EventId));
        }, iter: 500, threads: 1);
    }

    [Fact]
    public void A_hostile_Last_Event_ID_gets_a_reset_frame_carrying_the_channel_id_and_never_the_client_text()
    {
        Gen.Select(Hostile, Gen.Int[0, 3]).Sample((lastEventId, published) =>
        {
            using var channels = NewChannels(new SseChannelOptions());
            var channel = channels.Get("hostile");
            for (var n = 0; n < published; n++)
            {
                channel.Publish(new Note("x", n));
            }

            using var reader = new Reader(channel.Attach(lastEventId));
            channel.Publish(new Note("after", 99));
            var bytes = reader.ReadBytes();
            var parsed = Parse(bytes);

            Assert.Equal(2, parsed.Count);
            Assert.Equal(SseChannelEvents.Reset, parsed[0].EventType);
            var latest = parsed[0].EventId!;
            Assert.Equal(IdBefore(channel.LastEventId!), latest);
            Assert.Matches("^[0-9]+-[0-9]+$", latest);
            var expectedReset = $"event: reset\nid: {latest}\ndata: {{\"latestId\":\"{latest}\"}}\n\n";
            Assert.Equal(expectedReset, Encoding.UTF8.GetString(bytes, 0, expectedReset.Length));
            Assert.Equal("message", parsed[1].EventType);
            Assert.Equal(channel.LastEventId, parsed[1].EventId);
        }, iter: 300, threads: 1);
    }

    [Fact]
    public void A_subscriber_that_falls_behind_gets_missed_frames_that_count_exactly_what_it_lost()
    {
        Gen.Select(Gen.Int[1, 4], Gen.Int[1, 30], FramingPropertyTests.EventName).Sample((queue, publishes, eventType) =>
        {
            using var channels = NewChannels(new SseChannelOptions { SubscriberQueueLength = queue });
            var channel = channels.Get("slow");
            using var reader = new Reader(channel.Attach(null));
            var ids = Enumerable.Range(0, publishes).Select(n => channel.Publish(new Note("n", n), eventType)).ToList();

            var parsed = reader.ReadAll();
            var missed = parsed.Where(e => e.EventType == SseChannelEvents.Missed).ToList();
            var delivered = parsed.Where(e => e.EventType != SseChannelEvents.Missed).ToList();
            Assert.All(missed, e => Assert.Null(e.EventId));
            var lost = missed.Sum(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("missed").GetInt32());
            Assert.Equal(publishes, lost + delivered.Count);
            Assert.Equal(ids.Skip(publishes - delivered.Count), delivered.Select(e => e.EventId));
        }, iter: 300, threads: 1);
    }

    // The reset names the newest id published before the stream joined.
    private static string IdBefore(string last)
    {
        var dash = last.LastIndexOf('-');
        return last[..(dash + 1)] + (long.Parse(last[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture) - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static SseChannels<Note> NewChannels(SseChannelOptions options) => new(TestJson.Default.Note, options, SseMetrics.For(null));

    internal static List<SseItem<string>> Parse(byte[] bytes) => [.. SseParser.Create(new MemoryStream(bytes)).Enumerate()];

    /// <summary>Reads what a subscriber has queued, without waiting for more.</summary>
    internal sealed class Reader : IDisposable
    {
        private readonly SseSubscriber<Note> _subscriber;
        private readonly CancellationTokenSource _cts = new();

        public Reader(SseSubscriber<Note> subscriber)
        {
            _subscriber = subscriber;
            _subscriber.Start(_cts.Token);
        }

        public List<SseItem<string>> ReadAll() => Parse(ReadBytes());

        public byte[] ReadBytes()
        {
            var bytes = new MemoryStream();
            while (true)
            {
                var next = _subscriber.MoveNextAsync();
                if (!next.IsCompleted)
                {
                    _cts.Cancel();
                    Assert.ThrowsAny<OperationCanceledException>(() => next.AsTask().GetAwaiter().GetResult());
                    return bytes.ToArray();
                }

                if (!next.Result)
                {
                    return bytes.ToArray();
                }

                bytes.Write(_subscriber.Current.Bytes);
            }
        }

        public void Dispose()
        {
            _subscriber.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _cts.Dispose();
        }
    }
}
