using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace SseGen.IntegrationTests;

/// <summary>
/// Producers shaped like real apps': ready for a while, then pending (at several rates), and a
/// channel that a background service fills as fast as it can.
/// </summary>
public static class StressEndpoints
{
    /// <summary>Items 1..count, awaiting <see cref="Task.Yield"/> before every <paramref name="every"/>-th one.</summary>
    [SseEndpoint("/stress/yield-every/{every:int}")]
    public static async IAsyncEnumerable<Seq> YieldEvery(int every, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= count; n++)
        {
            if (n % every == 0)
            {
                await Task.Yield();
            }

            yield return new Seq(n);
        }
    }

    /// <summary>Items 1..count from a bounded channel that <see cref="ChannelFeed"/> fills at full speed.</summary>
    [SseEndpoint("/stress/channel")]
    public static async IAsyncEnumerable<Seq> FromChannel(int count, ChannelFeed feed, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var reader = feed.Subscribe(count);
        await foreach (var item in reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }
    }
}

/// <summary>
/// A background service, as apps have them: each subscriber gets a bounded channel that the service
/// writes 1..count into as fast as the reader lets it.
/// </summary>
public sealed class ChannelFeed : Microsoft.Extensions.Hosting.BackgroundService
{
    private readonly Channel<(ChannelWriter<Seq> Writer, int Count)> _subscriptions = Channel.CreateUnbounded<(ChannelWriter<Seq>, int)>();

    public ChannelReader<Seq> Subscribe(int count)
    {
        var channel = Channel.CreateBounded<Seq>(new BoundedChannelOptions(256) { SingleReader = true, SingleWriter = true });
        _subscriptions.Writer.TryWrite((channel.Writer, count));
        return channel.Reader;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (writer, count) in _subscriptions.Reader.ReadAllAsync(stoppingToken))
        {
            _ = Task.Run(() => FeedAsync(writer, count, stoppingToken), stoppingToken);
        }
    }

    private static async Task FeedAsync(ChannelWriter<Seq> writer, int count, CancellationToken stoppingToken)
    {
        try
        {
            for (var n = 1; n <= count; n++)
            {
                if (!writer.TryWrite(new Seq(n)))
                {
                    await writer.WriteAsync(new Seq(n), stoppingToken);
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            // The reader left (its channel is abandoned) or the app stops.
            writer.TryComplete(ex);
        }
    }
}
