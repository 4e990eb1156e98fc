using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Broadcast;

public sealed class BroadcastTests
{
    private static int N(string data) => JsonDocument.Parse(data).RootElement.GetProperty("n").GetInt32();

    private static async Task WaitForSubscribersAsync<T>(SseChannel<T> channel, int count)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (channel.SubscriberCount < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Only {channel.SubscriberCount} of {count} streams subscribed to {channel.Name}.");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Each_published_item_is_serialized_once_whatever_the_number_of_subscribers()
    {
        await using var server = await TestServer.StartAsync();
        var channel = server.App.Services.GetRequiredService<SseChannels<Counted>>().Get("counted");
        var counter = new SerializationCounter();
        const int subscribers = 20, publishes = 50;
        var readers = new List<LiveReader>();
        for (var i = 0; i < subscribers; i++)
        {
            readers.Add(await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/counted"));
        }

        await WaitForSubscribersAsync(channel, subscribers);
        for (var n = 1; n <= publishes; n++)
        {
            channel.Publish(new Counted(n, counter));
        }

        foreach (var reader in readers)
        {
            await reader.WaitForAsync(e => e.Count >= publishes, $"{publishes} events");
            Assert.Equal(Enumerable.Range(1, publishes), reader.Events.Select(e => N(e.Data)));
            await reader.DisposeAsync();
        }

        Assert.True(counter.Count == publishes, $"{publishes} publishes to {subscribers} subscribers serialized {counter.Count} times; expected once per publish.");
    }

    [Fact]
    public async Task A_reconnect_with_Last_Event_ID_gets_exactly_what_it_missed_then_the_live_events()
    {
        await using var server = await TestServer.StartAsync();
        var channel = server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("resume");
        var client = server.CreateClient();

        string lastSeen;
        await using (var first = await LiveReader.OpenAsync(client, "/broadcast/seq/resume"))
        {
            await WaitForSubscribersAsync(channel, 1);
            for (var n = 1; n <= 3; n++)
            {
                channel.Publish(new Seq(n));
            }

            await first.WaitForAsync(e => e.Count == 3, "3 events");
            lastSeen = first.LastEventId!;
        }

        for (var n = 4; n <= 7; n++)
        {
            channel.Publish(new Seq(n));
        }

        await using var resumed = await LiveReader.OpenAsync(client, "/broadcast/seq/resume", lastSeen);
        await resumed.WaitForAsync(e => e.Count >= 4, "the 4 missed events");
        channel.Publish(new Seq(8));
        await resumed.WaitForAsync(e => e.Count >= 5, "the live event");

        Assert.Equal([4, 5, 6, 7, 8], resumed.Events.Select(e => N(e.Data)));
        Assert.All(resumed.Events, e => Assert.Equal("message", e.EventType));
        Assert.Equal(resumed.Events.Select(e => e.EventId).Distinct().Count(), resumed.Events.Count);
    }

    [Fact]
    public async Task A_resume_while_the_channel_publishes_has_no_gap_and_no_repeat()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.AddSseChannels(WebJson.Info<Seq>(), o => { o.HistoryLength = 10_000; o.SubscriberQueueLength = 10_000; }));
        var channel = server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("race");
        string? resumeFrom = null;
        for (var n = 1; n <= 100; n++)
        {
            resumeFrom = channel.Publish(new Seq(n));
        }

        const int last = 3000;
        using var stop = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            for (var n = 101; n <= last; n++)
            {
                channel.Publish(new Seq(n));
                if (n % 20 == 0)
                {
                    await Task.Delay(1);
                }
            }
        });

        await using var reader = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/race", resumeFrom);
        await publisher.WaitAsync(TestServer.Timeout);
        await reader.WaitForAsync(e => e.Count >= last - 100, $"events 101..{last}");

        Assert.Equal(Enumerable.Range(101, last - 100), reader.Events.Select(e => N(e.Data)));
    }

    [Fact]
    public async Task An_id_older_than_the_history_gets_a_reset_event_carrying_the_latest_id_then_live_events()
    {
        await using var server = await TestServer.StartAsync(services => services.AddSseChannels(WebJson.Info<Seq>(), o => o.HistoryLength = 5));
        var channel = server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("old");
        var ids = new List<string>();
        for (var n = 1; n <= 10; n++)
        {
            ids.Add(channel.Publish(new Seq(n)));
        }

        var client = server.CreateClient();
        // Events 3..10 were missed, but only 6..10 are kept.
        await using (var tooOld = await LiveReader.OpenAsync(client, "/broadcast/seq/old", ids[1]))
        {
            await tooOld.WaitForAsync(e => e.Count >= 1, "the reset event");
            channel.Publish(new Seq(11));
            await tooOld.WaitForAsync(e => e.Count >= 2, "the live event after the reset");
            var events = tooOld.Events;
            Assert.Equal(SseChannelEvents.Reset, events[0].EventType);
            Assert.Equal(ids[9], events[0].EventId);
            Assert.Equal($"{{\"latestId\":\"{ids[9]}\"}}", events[0].Data);
            Assert.Equal(11, N(events[1].Data));
            Assert.Equal(2, events.Count);
        }

        // Only 7..11 are missed after the 6th: all kept, no reset.
        await using (var recent = await LiveReader.OpenAsync(client, "/broadcast/seq/old", ids[5]))
        {
            await recent.WaitForAsync(e => e.Count >= 5, "5 replayed events");
            Assert.Equal([7, 8, 9, 10, 11], recent.Events.Select(e => N(e.Data)));
        }

        // An id from another life of the channel (a restart) cannot be trusted either.
        await using var stranger = await LiveReader.OpenAsync(client, "/broadcast/seq/old", "42-3");
        await stranger.WaitForAsync(e => e.Count >= 1, "the reset event");
        Assert.Equal(SseChannelEvents.Reset, stranger.Events[0].EventType);
    }

    [Fact]
    public async Task A_subscriber_that_stops_reading_loses_its_oldest_events_and_is_told_how_many_while_the_others_get_all()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.AddSseChannels(WebJson.Info<Note>(), o => { o.SubscriberQueueLength = 4; o.HistoryLength = 0; }));
        var channel = server.App.Services.GetRequiredService<SseChannels<Note>>().Get("notes");
        await using var fast = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/notes");
        await using var slow = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/notes", read: false);
        await WaitForSubscribersAsync(channel, 2);

        // 64 KiB events: the stalled client's socket and Kestrel's buffers fill within a few dozen.
        var text = new string('x', 64 * 1024);
        const int publishes = 300;
        var published = System.Diagnostics.Stopwatch.StartNew();
        for (var n = 1; n <= publishes; n++)
        {
            channel.Publish(new Note($"{n}:{text}"));
            await fast.WaitForAsync(e => e.Count >= n, $"event {n} on the fast stream");
        }

        published.Stop();
        slow.StartReading();
        await slow.WaitForAsync(e => e.Count > 0 && e[^1].Data.StartsWith($"{{\"text\":\"{publishes}:", StringComparison.Ordinal), "the last event on the slow stream");

        Assert.Equal(Enumerable.Range(1, publishes).Select(n => n.ToString(CultureInfo.InvariantCulture)), fast.Events.Select(e => NoteNumber(e.Data)));
        var slowEvents = slow.Events;
        var missed = slowEvents.Where(e => e.EventType == SseChannelEvents.Missed).Sum(e => JsonDocument.Parse(e.Data).RootElement.GetProperty("missed").GetInt32());
        var received = slowEvents.Where(e => e.EventType == "message").Select(e => int.Parse(NoteNumber(e.Data), CultureInfo.InvariantCulture)).ToList();
        Assert.True(missed > 0, "The stalled subscriber lost no events: the queue bound did not apply.");
        Assert.Equal(publishes, received.Count + missed);
        Assert.Equal(received.Order(), received);
    }

    [Fact]
    public async Task With_EndStream_a_subscriber_that_falls_behind_is_ended_and_resumes_from_the_history_without_a_gap()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.AddSseChannels(WebJson.Info<Note>(), o => { o.SubscriberQueueLength = 4; o.SlowSubscriberPolicy = SseSlowSubscriberPolicy.EndStream; }));
        var channel = server.App.Services.GetRequiredService<SseChannels<Note>>().Get("notes");
        var client = server.CreateClient();
        await using var slow = await LiveReader.OpenAsync(client, "/broadcast/notes", read: false);
        await WaitForSubscribersAsync(channel, 1);
        var text = new string('x', 64 * 1024);
        const int publishes = 300;
        for (var n = 1; n <= publishes; n++)
        {
            channel.Publish(new Note($"{n}:{text}"));
        }

        Assert.Equal(0, channel.SubscriberCount);
        slow.StartReading();
        await slow.WaitForEndAsync();
        var got = slow.Events.Select(e => int.Parse(NoteNumber(e.Data), CultureInfo.InvariantCulture)).ToList();
        Assert.True(got.Count < publishes, "The stalled subscriber got everything: it was never ended.");

        await using var resumed = await LiveReader.OpenAsync(client, "/broadcast/notes", slow.LastEventId);
        await resumed.WaitForAsync(e => e.Count >= publishes - got.Count, "the rest from the history");
        got.AddRange(resumed.Events.Select(e => int.Parse(NoteNumber(e.Data), CultureInfo.InvariantCulture)));
        Assert.Equal(Enumerable.Range(1, publishes), got);
    }

    [Fact]
    public async Task Over_the_stream_limit_a_request_gets_503_with_Retry_After_until_a_stream_closes()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var first = await LiveReader.OpenAsync(client, "/broadcast/limited");
        await using var second = await LiveReader.OpenAsync(client, "/broadcast/limited");

        using (var refused = await SseClient.OpenAsync(client, "/broadcast/limited", CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        await first.DisposeAsync();
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (true)
        {
            using var retry = await SseClient.OpenAsync(client, "/broadcast/limited", CancellationToken.None);
            if (retry.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "A closed stream never gave its place back.");
            await Task.Delay(20);
        }
    }

    private static string NoteNumber(string data)
    {
        var text = JsonDocument.Parse(data).RootElement.GetProperty("text").GetString()!;
        return text[..text.IndexOf(':', StringComparison.Ordinal)];
    }
}
