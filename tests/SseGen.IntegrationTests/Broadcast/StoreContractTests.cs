using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using static SseGen.IntegrationTests.Broadcast.ChannelTestHelpers;
using static SseGen.IntegrationTests.Broadcast.StoreInstances;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>
/// What every <see cref="ISseChannelStore"/> must give the channels, run against each backend
/// (SseGen.Redis, and the in-process one a test writes as a user would): an event reaches every
/// instance's subscribers once, in order; a client resumes on another instance with no gap and no
/// repeat; what cannot be replayed (too many, too old, not an id of the store's) gets a <c>reset</c>
/// that carries the channel's id only. Two instances on one <see cref="FakeTimeProvider"/>, set to the wall clock.
/// </summary>
public abstract class StoreContractTests
{
    /// <summary>Two instances whose channels live in a fresh store of this backend.</summary>
    protected abstract Task<StoreInstances> StartAsync(TimeProvider time, Action<SseChannelOptions>? options = null);

    private Task<StoreInstances> StartAsync(Action<SseChannelOptions>? options = null) => StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), options);

    [Fact]
    public async Task An_item_published_on_instance_A_reaches_subscribers_on_A_and_B_once_each_in_order()
    {
        await using var pair = await StartAsync();
        var (a, b) = (pair.A, pair.B);
        await using var onA = await LiveReader.OpenAsync(a.CreateClient(), "/broadcast/seq/room");
        await using var onB = await LiveReader.OpenAsync(b.CreateClient(), "/broadcast/seq/room");
        await WaitForAsync(() => Channel(a, "room").SubscriberCount == 1 && Channel(b, "room").SubscriberCount == 1, "both subscribers");

        var ids = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            ids.Add(await Channel(a, "room").PublishAsync(new Seq(n)));
        }

        await onB.WaitForAsync(e => e.Count >= 5, "5 events on B");
        await onA.WaitForAsync(e => e.Count >= 5, "5 events on A");
        await Task.Delay(200);
        Assert.Equal([1, 2, 3, 4, 5], onB.Events.Select(e => N(e.Data)));
        Assert.Equal(ids, onB.Events.Select(e => e.EventId));
        Assert.Equal(ids, onA.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Each_item_is_serialized_once_by_its_publisher_whatever_the_instances_and_subscribers()
    {
        await using var pair = await StartAsync();
        var readers = new List<LiveReader>();
        foreach (var server in new[] { pair.A, pair.B, pair.A, pair.B, pair.B })
        {
            readers.Add(await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/counted"));
        }

        SseChannel<Counted> Counted(TestServer server) => server.App.Services.GetRequiredService<SseChannels<Counted>>().Get("counted");
        await WaitForAsync(() => Counted(pair.A).SubscriberCount == 2 && Counted(pair.B).SubscriberCount == 3, "2 subscribers on A and 3 on B");
        var counter = new SerializationCounter();
        for (var n = 1; n <= 10; n++)
        {
            await Counted(pair.A).PublishAsync(new Counted(n, counter));
        }

        foreach (var reader in readers)
        {
            await reader.WaitForAsync(e => e.Count >= 10, "10 events");
            Assert.Equal(Enumerable.Range(1, 10), reader.Events.Select(e => N(e.Data)));
            await reader.DisposeAsync();
        }

        Assert.True(counter.Count == 10, $"10 publishes to 5 subscribers on 2 instances serialized {counter.Count} times; expected 10.");
    }

    [Fact]
    public async Task A_client_that_read_from_A_and_reconnects_to_B_with_Last_Event_ID_continues_with_no_gap_and_no_repeat()
    {
        await using var pair = await StartAsync();
        var (a, b) = (pair.A, pair.B);

        string lastSeen;
        await using (var onA = await LiveReader.OpenAsync(a.CreateClient(), "/broadcast/seq/resume"))
        {
            await WaitForAsync(() => Channel(a, "resume").SubscriberCount == 1, "the subscriber on A");
            for (var n = 1; n <= 3; n++)
            {
                await Channel(a, "resume").PublishAsync(new Seq(n));
            }

            await onA.WaitForAsync(e => e.Count == 3, "3 events on A");
            lastSeen = onA.LastEventId!;
        }

        for (var n = 4; n <= 6; n++)
        {
            await Channel(a, "resume").PublishAsync(new Seq(n));
        }

        await using var onB = await LiveReader.OpenAsync(b.CreateClient(), "/broadcast/seq/resume", lastSeen);
        await onB.WaitForAsync(e => e.Count >= 3, "the 3 missed events on B");
        await Channel(b, "resume").PublishAsync(new Seq(7));
        await Channel(a, "resume").PublishAsync(new Seq(8));
        await onB.WaitForAsync(e => e.Count >= 5, "the live events on B");
        await Task.Delay(200);

        Assert.Equal([4, 5, 6, 7, 8], onB.Events.Select(e => N(e.Data)));
    }

    [Fact]
    public async Task A_resume_that_missed_more_than_HistoryLength_events_gets_a_reset_and_one_that_missed_HistoryLength_a_replay()
    {
        await using var pair = await StartAsync(new FakeTimeProvider(DateTimeOffset.UtcNow), o => o.HistoryLength = 10);
        // B's channel follows the store from before the publishes, so what B's streams get live is only what comes after.
        Channel(pair.B, "bounded");
        var ids = new List<string>();
        for (var n = 1; n <= 50; n++)
        {
            ids.Add(await Channel(pair.A, "bounded").PublishAsync(new Seq(n)));
        }

        // Delivered to B's channel before anyone resumes there: a reset is followed by whatever the channel receives after it.
        await WaitForAsync(() => Channel(pair.B, "bounded").LastEventId == ids[^1], "B's channel to receive the 50 events");

        await using (var reset = await LiveReader.OpenAsync(pair.B.CreateClient(), "/broadcast/seq/bounded", ids[0]))
        {
            await reset.WaitForAsync(e => e.Count >= 1, "the reset event");
            await Task.Delay(200);
            Assert.Equal(SseChannelEvents.Reset, Assert.Single(reset.Events).EventType);
        }

        await using var replayed = await LiveReader.OpenAsync(pair.B.CreateClient(), "/broadcast/seq/bounded", ids[39]);
        await replayed.WaitForAsync(e => e.Count >= 10, "the 10 missed events");
        Assert.Equal(Enumerable.Range(41, 10), replayed.Events.Select(e => N(e.Data)));
        Assert.Equal(ids[40..], replayed.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Events_older_than_HistoryMaxAge_on_the_apps_clock_are_not_replayed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var pair = await StartAsync(time, o => o.HistoryMaxAge = TimeSpan.FromMinutes(1));
        // The clock at the wall clock's time again (the instances took a while to start): a store may
        // stamp events by either (Redis stamps them by its own clock).
        time.SetUtcNow(DateTimeOffset.UtcNow);
        var first = await Channel(pair.A, "aged").PublishAsync(new Seq(1));
        await Channel(pair.A, "aged").PublishAsync(new Seq(2));
        time.Advance(TimeSpan.FromSeconds(40));
        await Channel(pair.A, "aged").PublishAsync(new Seq(3));

        await using (var young = await LiveReader.OpenAsync(pair.B.CreateClient(), "/broadcast/seq/aged", first))
        {
            await young.WaitForAsync(e => e.Count >= 2, "the 2 events after the first, the older one 40 s old");
            Assert.Equal([2, 3], young.Events.Select(e => N(e.Data)));
        }

        // 2 is 70 s old now, though the channel was appended to 30 s ago: a resume after 1 would
        // replay it, so it is reset instead.
        time.Advance(TimeSpan.FromSeconds(30));
        await using var old = await LiveReader.OpenAsync(pair.B.CreateClient(), "/broadcast/seq/aged", first);
        await old.WaitForAsync(e => e.Count >= 1, "the reset event");
        await Task.Delay(200);
        Assert.Equal(SseChannelEvents.Reset, Assert.Single(old.Events).EventType);
    }

    [Theory]
    [InlineData("\"}")]
    [InlineData("{\"latestId\":\"evil\"}")]
    [InlineData("a\\b")]
    [InlineData("9999999999999-0")]
    public async Task A_Last_Event_ID_the_store_never_issued_gets_a_reset_with_the_channel_id_only(string hostile)
    {
        await using var pair = await StartAsync();
        var channel = Channel(pair.A, "hostile");

        // Nothing delivered on this instance yet: the id is empty, so the next reconnect asks for live events only.
        Assert.Equal("event: reset\nid: \ndata: {\"latestId\":\"\"}\n\n", await FirstFrameAsync(pair.A, hostile));

        var id = await channel.PublishAsync(new Seq(1));
        await WaitForAsync(() => channel.LastEventId == id, "the event to come back from the store");

        var frame = await FirstFrameAsync(pair.A, hostile);
        Assert.Equal($"event: reset\nid: {id}\ndata: {{\"latestId\":\"{id}\"}}\n\n", frame);
        if (hostile.Length > 2)
        {
            Assert.DoesNotContain(hostile, frame, StringComparison.Ordinal);
        }
    }

    private static async Task<string> FirstFrameAsync(TestServer server, string lastEventId)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/broadcast/seq/hostile", cts.Token,
            r => Assert.True(r.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            Assert.True(read > 0, "The stream ended before its first frame.");
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
