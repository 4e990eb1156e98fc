using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The channel alone (no HTTP), hammered: streams join with a resume id while another thread
/// publishes as fast as it can. Each must see every event after its id exactly once, in order.
/// </summary>
public sealed class ChannelOrderTests
{
    [Fact]
    public async Task Streams_that_resume_while_the_channel_publishes_see_no_gap_and_no_repeat()
    {
        const int publishes = 30_000;
        var channel = new SseChannels<Note>(TestJson.Default.Note,
            new SseChannelOptions { HistoryLength = publishes, SubscriberQueueLength = publishes },
            SseMetrics.For(null)).Get("order");
        using var ready = new ManualResetEventSlim();
        var publisher = new Thread(() =>
        {
            ready.Set();
            for (var n = 1; n <= publishes; n++)
            {
                channel.Publish(new Note("", n));
            }
        });
        publisher.Start();
        ready.Wait();
        // Every stream below resumes from an id; one without an id would rightly get live events only.
        while (channel.LastEventId is null)
        {
            Thread.SpinWait(10);
        }

        var joined = new List<(int After, SseSubscriber<Note> Subscriber)>();
        while (publisher.IsAlive && joined.Count < 200)
        {
            var id = channel.LastEventId;
            var after = int.Parse(id![(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            joined.Add((after, channel.Attach(id)));
        }

        publisher.Join();
        Assert.True(joined.Count > 10, $"Only {joined.Count} streams joined while the channel published; the test proves nothing.");
        foreach (var (after, subscriber) in joined)
        {
            var expected = after + 1;
            while (expected <= publishes)
            {
                Assert.True(await subscriber.MoveNextAsync(), "The subscription ended early.");
                var entry = Assert.IsType<SseChannelEntry<Note>>(subscriber.Current);
                Assert.True(entry.Item.Number == expected, $"A stream that joined after event {after} got event {entry.Item.Number} where {expected} was due.");
                expected++;
            }

            await subscriber.DisposeAsync();
        }

        Assert.Equal(0, channel.SubscriberCount);
    }
}
