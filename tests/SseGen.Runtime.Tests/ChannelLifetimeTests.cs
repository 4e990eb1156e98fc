using Microsoft.Extensions.Time.Testing;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// Channels are removed when nobody uses them, under their lock: whatever the race, one channel per
/// name (and one store follower), and no subscriber ever ends up on a removed channel.
/// </summary>
public sealed class ChannelLifetimeTests
{
    private static SseChannels<Note> NewChannels(FakeTimeProvider time, SseChannelOptions? options = null, ISseChannelStore? store = null) =>
        new(TestJson.Default.Note, options ?? new SseChannelOptions(), SseMetrics.For(null), store, time);

    [Fact]
    public void Concurrent_first_Gets_of_a_name_get_one_channel_that_follows_the_store_once()
    {
        var store = new CountingStore();
        using var channels = NewChannels(new FakeTimeProvider(), store: store);
        const int names = 300;
        const int racers = 8;
        var got = new SseChannel<Note>[names, racers];
        using var start = new Barrier(racers);
        var threads = Enumerable.Range(0, racers).Select(r => new Thread(() =>
        {
            for (var n = 0; n < names; n++)
            {
                if (n % 20 == 0)
                {
                    start.SignalAndWait();
                }

                got[n, r] = channels.Get("room" + n);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        for (var n = 0; n < names; n++)
        {
            for (var r = 1; r < racers; r++)
            {
                Assert.Same(got[n, 0], got[n, r]);
            }
        }

        Assert.Equal(names, channels.Count);
        Assert.True(store.Follows == names, $"{names} channels started {store.Follows} store followers; expected one each.");
        Assert.Equal(names, store.Active);
    }

    [Fact]
    public async Task A_channel_left_by_everyone_is_removed_after_the_grace_with_its_store_follower()
    {
        var time = new FakeTimeProvider();
        var store = new CountingStore();
        using var channels = NewChannels(time, store: store);
        var channel = channels.Get("room");
        var subscriber = channel.Attach(null);
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.Same(channel, channels.Get("room"));

        await subscriber.DisposeAsync();
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(1, channels.Count);
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, channels.Count);
        Assert.Equal(0, store.Active);
        Assert.NotSame(channel, channels.Get("room"));
        Assert.Equal(1, store.Active);
    }

    [Fact]
    public void A_stale_reference_publishes_and_subscribes_through_the_live_channel_of_its_name()
    {
        var time = new FakeTimeProvider();
        using var channels = NewChannels(time, new SseChannelOptions { HistoryLength = 0 });
        var stale = channels.Get("room");
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, channels.Count);

        using var viaStale = new BroadcastFramingPropertyTests.Reader(stale.Attach(null));
        var live = channels.Get("room");
        Assert.NotSame(stale, live);
        Assert.Equal(1, live.SubscriberCount);
        using var viaLive = new BroadcastFramingPropertyTests.Reader(live.Attach(null));

        var first = stale.Publish(new Note("from the stale reference", 1));
        var second = live.Publish(new Note("from the live one", 2));
        Assert.Equal([first, second], viaStale.ReadAll().Select(e => e.EventId));
        Assert.Equal([first, second], viaLive.ReadAll().Select(e => e.EventId));
    }

    [Fact]
    public async Task Streams_that_join_while_the_sweep_removes_channels_never_end_up_on_a_removed_one()
    {
        var time = new FakeTimeProvider();
        using var channels = NewChannels(time, new SseChannelOptions { HistoryLength = 0 });
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(2);
        var sweeps = 0;
        var sweeper = new Thread(() =>
        {
            while (DateTime.UtcNow < stop)
            {
                time.Advance(TimeSpan.FromSeconds(2));
                Interlocked.Increment(ref sweeps);
            }
        });
        sweeper.Start();
        var rounds = 0;
        var joinedAStaleOne = 0;
        while (DateTime.UtcNow < stop)
        {
            // Taken, then joined a moment later, as an endpoint does: the channel may be gone in
            // between, or go while it is joined. Every other round waits for a sweep first.
            var taken = channels.Get("room");
            if (rounds % 2 == 0)
            {
                var seen = Volatile.Read(ref sweeps);
                while (Volatile.Read(ref sweeps) < seen + 2 && DateTime.UtcNow < stop)
                {
                    Thread.Yield();
                }
            }

            var subscriber = taken.Attach(null);
            var live = channels.Get("room");
            joinedAStaleOne += ReferenceEquals(live, taken) ? 0 : 1;
            var id = live.Publish(new Note("", rounds));
            var next = subscriber.MoveNextAsync();
            Assert.True(next.IsCompleted, $"Round {rounds}: the stream joined a channel that the live one's publish does not reach.");
            Assert.True(await next);
            Assert.Equal(id, Assert.IsType<SseChannelEntry<Note>>(subscriber.Current).Id);
            await subscriber.DisposeAsync();
            rounds++;
        }

        sweeper.Join();
        Assert.True(joinedAStaleOne > 10, $"Only {joinedAStaleOne} of {rounds} rounds joined through a removed channel; the race was not exercised.");
    }

    [Fact]
    public void An_idle_channel_with_history_is_kept_for_the_idle_lifetime_then_removed()
    {
        var time = new FakeTimeProvider();
        using var channels = NewChannels(time, new SseChannelOptions { IdleLifetime = TimeSpan.FromMinutes(5) });
        var channel = channels.Get("room");
        var first = channel.Publish(new Note("kept", 1));
        channel.Publish(new Note("kept", 2));
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(channel, channels.Get("room"));
        using (var resumed = new BroadcastFramingPropertyTests.Reader(channel.Attach(first)))
        {
            Assert.Single(resumed.ReadAll());
        }

        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(0, channels.Count);
    }

    [Fact]
    public void History_max_age_removes_an_idle_channel_before_its_idle_lifetime()
    {
        var time = new FakeTimeProvider();
        using var channels = NewChannels(time, new SseChannelOptions { HistoryMaxAge = TimeSpan.FromSeconds(30), IdleLifetime = TimeSpan.FromMinutes(5) });
        channels.Get("room").Publish(new Note("short-lived", 1));
        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(1, channels.Count);
        time.Advance(TimeSpan.FromSeconds(12));
        Assert.Equal(0, channels.Count);
    }

    [Fact]
    public async Task Over_the_cap_a_new_name_is_refused_with_a_retry_after_and_room_comes_back_after_removal()
    {
        var time = new FakeTimeProvider();
        using var channels = NewChannels(time, new SseChannelOptions { MaxChannels = 3 });
        var held = Enumerable.Range(0, 3).Select(n => channels.Get("room" + n).Attach(null)).ToList();
        var refused = Assert.Throws<SseChannelLimitException>(() => channels.Get("one too many"));
        Assert.True(refused.RetryAfter > TimeSpan.Zero);
        Assert.Same(channels.Get("room1"), channels.Get("room1"));

        await held[1].DisposeAsync();
        time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(2, channels.Count);
        Assert.Equal("one too many", channels.Get("one too many").Name);
    }

    [Theory]
    [InlineData(typeof(Note), "SseGen.Runtime.Tests.Note")]
    [InlineData(typeof(List<Note>), "System.Collections.Generic.List<SseGen.Runtime.Tests.Note>")]
    [InlineData(typeof(Dictionary<string, int[]>), "System.Collections.Generic.Dictionary<System.String,System.Int32[]>")]
    [InlineData(typeof(Outer<int>.Inner<string>), "SseGen.Runtime.Tests.ChannelLifetimeTests+Outer<System.Int32>+Inner<System.String>")]
    public void The_store_name_is_the_full_type_name_with_generic_arguments_and_no_assembly(Type type, string expected) =>
        Assert.Equal(expected, SseTypeName.Of(type));

    public sealed class Outer<TKey>
    {
        public sealed class Inner<TValue>;
    }

    /// <summary>Counts what channels ask of a store; it holds no events.</summary>
    private sealed class CountingStore : ISseChannelStore
    {
        private int _follows;
        private int _active;

        public int Follows => Volatile.Read(ref _follows);

        public int Active => Volatile.Read(ref _active);

        public ValueTask<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken) =>
            ValueTask.FromResult("1-0");

        public IDisposable Follow(string channel, ISseStoreListener listener)
        {
            Interlocked.Increment(ref _follows);
            Interlocked.Increment(ref _active);
            return new Handle(this);
        }

        public ValueTask<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<SseStoredEvent>?>(null);

        public bool TryCompare(string left, string right, out int order)
        {
            order = string.CompareOrdinal(left, right);
            return true;
        }

        private sealed class Handle(CountingStore store) : IDisposable
        {
            private int _disposed;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref store._active);
                }
            }
        }
    }
}
