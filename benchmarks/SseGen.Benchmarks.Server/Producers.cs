using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SseGen.Benchmarks.Server;

/// <summary>The item sources every .NET peer streams, so the peers differ only in how they put items on the wire.</summary>
internal static class Producers
{
    /// <summary>The interval at which idle streams send a keep-alive (SseGen's default, unless the idle-scale scenario sets it).</summary>
    public static readonly TimeSpan KeepAliveInterval = BenchKeepAlive.Interval;

    /// <summary>
    /// <paramref name="n"/> items, every one ready at once (<c>MoveNextAsync</c> always completes
    /// synchronously), or with a <see cref="Task.Yield"/> before every <paramref name="yieldEvery"/>-th
    /// item: ready, ready, …, pending, as producers fed by I/O are.
    /// </summary>
    public static async IAsyncEnumerable<Tick> Burst(int n, int yieldEvery, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var i = 0; i < n; i++)
        {
            if (yieldEvery > 0 && i % yieldEvery == yieldEvery - 1)
            {
                await Task.Yield();
            }

            yield return new Tick(i, WallClock.NowMicros(), i * 0.25);
        }

        await Task.CompletedTask.WaitAsync(cancellationToken);
    }

    /// <summary>Every item the shared feed publishes while the stream is open.</summary>
    public static async IAsyncEnumerable<Tick> Fanout(Broadcaster<Tick> feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feed.Subscribe();
        await foreach (var tick in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            yield return tick;
        }
    }

    /// <summary>
    /// The built-in result has no comment or keep-alive of its own, so an app keeps an idle stream
    /// alive the usual way: a timer per connection that yields a ping event (seq -1).
    /// </summary>
    public static async IAsyncEnumerable<Tick> IdleWithPing([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new Tick(0, WallClock.NowMicros(), 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(KeepAliveInterval, cancellationToken);
            yield return new Tick(-1, WallClock.NowMicros(), 0);
        }
    }
}

/// <summary>
/// A feed shared by every connection of one peer: each subscriber gets its own single-reader
/// channel, and <see cref="Publish"/> writes the item to all of them.
/// </summary>
internal sealed class Broadcaster<T>
{
    private readonly Lock _gate = new();
    private Channel<T>[] _subscribers = [];

    public int Count => Volatile.Read(ref _subscribers).Length;

    public Subscription Subscribe()
    {
        var channel = Channel.CreateUnbounded<T>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_gate)
        {
            _subscribers = [.. _subscribers, channel];
        }

        return new Subscription(this, channel);
    }

    public void Publish(T item)
    {
        foreach (var channel in Volatile.Read(ref _subscribers))
        {
            channel.Writer.TryWrite(item);
        }
    }

    private void Remove(Channel<T> channel)
    {
        lock (_gate)
        {
            _subscribers = Array.FindAll(_subscribers, c => c != channel);
        }

        channel.Writer.TryComplete();
    }

    internal sealed class Subscription(Broadcaster<T> owner, Channel<T> channel) : IDisposable
    {
        public ChannelReader<T> Reader => channel.Reader;

        public void Dispose() => owner.Remove(channel);
    }
}

/// <summary>The shared feeds of the fan-out scenario, one per peer, published 100 times a second.</summary>
internal sealed class Feeds
{
    /// <summary>The broadcast channel of the <c>channel</c> peer (in <c>SseChannels&lt;Tick&gt;</c>).</summary>
    public const string ChannelName = "fanout";

    public Broadcaster<Tick> SseGen { get; } = new();

    public Broadcaster<Tick> BuiltIn { get; } = new();

    public Broadcaster<Tick> Hand { get; } = new();

    /// <summary>The limit peer encodes each item once and every connection writes the same bytes.</summary>
    public Broadcaster<byte[]> Limit { get; } = new();

    /// <summary>The floor: registered response writers, written and flushed in one synchronous pass per tick.</summary>
    public FloorFeed Floor { get; } = new();
}

/// <summary>Publishes one item every 10 ms to every feed that has subscribers.</summary>
internal sealed class FeedPublisher(Feeds feeds, SseChannels<Tick> channels) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        long seq = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var tick = new Tick(seq, WallClock.NowMicros(), seq * 0.25);
                seq++;
                if (feeds.SseGen.Count > 0)
                {
                    feeds.SseGen.Publish(tick);
                }

                var channel = channels.Get(Feeds.ChannelName);
                if (channel.SubscriberCount > 0)
                {
                    channel.Publish(tick);
                }

                if (feeds.BuiltIn.Count > 0)
                {
                    feeds.BuiltIn.Publish(tick);
                }

                if (feeds.Hand.Count > 0)
                {
                    feeds.Hand.Publish(tick);
                }

                if (feeds.Limit.Count > 0)
                {
                    feeds.Limit.Publish(Frames.Encode(tick));
                }

                if (feeds.Floor.Count > 0)
                {
                    feeds.Floor.Publish(Frames.Encode(tick));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
