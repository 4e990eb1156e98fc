using System.Runtime.CompilerServices;

namespace SseGen.Benchmarks.Server;

/// <summary>
/// Peer 1: SseGen. The methods are written as a user writes them; the generator maps them in
/// <c>app.MapSseEndpoints()</c>. Their bodies are the same as <see cref="Producers"/>, which the
/// other .NET peers stream.
/// </summary>
public static class SseGenPeer
{
    [SseEndpoint("/ssegen/burst")]
    public static async IAsyncEnumerable<Tick> Burst(int n, int yieldEvery = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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

    [SseEndpoint("/ssegen/fanout")]
    internal static async IAsyncEnumerable<Tick> Fanout(Feeds feeds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = feeds.SseGen.Subscribe();
        await foreach (var tick in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            yield return tick;
        }
    }

    /// <summary>
    /// The fan-out through a broadcast channel: the feed publishes each tick once to the channel,
    /// which serializes and frames it once; every stream copies those bytes.
    /// </summary>
    [SseEndpoint("/channel/fanout")]
    internal static IAsyncEnumerable<System.Net.ServerSentEvents.SseItem<Tick>> ChannelFanout(SseChannels<Tick> channels) =>
        channels.Get(Feeds.ChannelName).Subscribe();

    /// <summary>One event, then nothing: SseGen's one app-wide clock sends the keep-alives.</summary>
    [SseEndpoint("/ssegen/idle")]
    public static async IAsyncEnumerable<Tick> Idle([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new Tick(0, WallClock.NowMicros(), 0);
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
