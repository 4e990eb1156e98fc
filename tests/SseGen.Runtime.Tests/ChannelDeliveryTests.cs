using System.Runtime.CompilerServices;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// How a channel reaches subscribers that are waiting: in delivery passes of many subscribers each,
/// not a thread-pool hop per subscriber; and a waiting subscriber whose stream is cancelled ends at once.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ChannelDeliveryTests
{
    [Fact]
    public async Task A_publish_to_a_thousand_waiting_subscribers_costs_a_few_dozen_work_items_and_each_gets_every_event_in_order()
    {
        const int Subscribers = 1_000;
        const int Publishes = 20;
        var channel = NewChannel("delivery");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new int[Subscribers];
        var counted = new StrongBox<int>();
        var readers = new Task[Subscribers];
        for (var s = 0; s < Subscribers; s++)
        {
            var subscriber = channel.Attach(lastEventId: null);
            subscriber.Start(stop.Token);
            readers[s] = ReadAsync(subscriber, received, s, Publishes, counted);
        }

        var before = ThreadPool.CompletedWorkItemCount;
        for (var n = 1; n <= Publishes; n++)
        {
            channel.Publish(new Note("", n));
            // Every reader waits again before the next publish, so each publish finds all of them waiting.
            while (Volatile.Read(ref counted.Value) < n * Subscribers && !stop.IsCancellationRequested)
            {
                await Task.Delay(1);
            }
        }

        await Task.WhenAll(readers).WaitAsync(stop.Token);
        var workItems = ThreadPool.CompletedWorkItemCount - before;

        Assert.All(received, count => Assert.Equal(Publishes, count));
        // One hop per subscriber per event would be 20,000; passes of 64 are about 320, plus the test's own delays.
        Assert.True(workItems < Subscribers * Publishes / 4, $"{workItems:N0} thread-pool work items for {Publishes} publishes to {Subscribers:N0} waiting subscribers.");
    }

    [Fact]
    public async Task A_waiting_subscriber_whose_stream_is_cancelled_stops_waiting_at_once()
    {
        var channel = NewChannel("cancel");
        using var cancel = new CancellationTokenSource();
        var subscriber = channel.Attach(lastEventId: null);
        subscriber.Start(cancel.Token);
        var next = subscriber.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);

        cancel.Cancel();

        var ended = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(cancel.Token, ended.CancellationToken);
        await subscriber.DisposeAsync();
        Assert.Equal(0, channel.SubscriberCount);
    }

    [Fact]
    public async Task A_subscriber_cancelled_before_it_waits_is_not_left_waiting()
    {
        var channel = NewChannel("cancelled-first");
        using var cancel = new CancellationTokenSource();
        var subscriber = channel.Attach(lastEventId: null);
        subscriber.Start(cancel.Token);
        cancel.Cancel();
        // Let the queued cancellation callback run and find no wait.
        await Task.Delay(50);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscriber.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        await subscriber.DisposeAsync();
    }

    private static async Task ReadAsync(SseSubscriber<Note> subscriber, int[] received, int index, int publishes, StrongBox<int> counted)
    {
        for (var n = 1; n <= publishes; n++)
        {
            Assert.True(await subscriber.MoveNextAsync(), "The subscription ended early.");
            var entry = Assert.IsType<SseChannelEntry<Note>>(subscriber.Current);
            Assert.Equal(n, entry.Item.Number);
            received[index]++;
            Interlocked.Increment(ref counted.Value);
        }

        await subscriber.DisposeAsync();
    }

    private static SseChannel<Note> NewChannel(string name) =>
        new SseChannels<Note>(TestJson.Default.Note, new SseChannelOptions { HistoryLength = 0 }, SseMetrics.For(null)).Get(name);
}
