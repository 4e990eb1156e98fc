using System.Collections.Generic;
using System.Net.ServerSentEvents;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One stream's subscription to an <see cref="SseChannel{T}"/>. Return it from an
/// <c>[SseEndpoint]</c> method declared as <c>IAsyncEnumerable&lt;SseItem&lt;T&gt;&gt;</c> (SSE101 refuses
/// any other return type): the stream then copies the channel's ready-made frames, serializing nothing per client.
/// </summary>
/// <remarks>
/// It joins the channel when enumeration starts and leaves it when the enumerator is disposed.
/// Enumerated by hand it yields each event as an <see cref="SseItem{T}"/> with its id; the channel's
/// own <c>missed</c> and <c>reset</c> events come with that event type and a default item. Code that
/// enumerates it by hand resumes on the channel's delivery thread, which serves other subscribers
/// next: between awaits it must not block.
/// </remarks>
/// <typeparam name="T">The channel's item type.</typeparam>
public sealed class SseSubscription<T> : IAsyncEnumerable<SseItem<T>>, ISseFrameSource
{
    private readonly SseChannel<T> _channel;
    private readonly string? _lastEventId;

    internal SseSubscription(SseChannel<T> channel, string? lastEventId)
    {
        _channel = channel;
        _lastEventId = lastEventId;
    }

    /// <summary>The channel subscribed to.</summary>
    public SseChannel<T> Channel => _channel;

    IAsyncEnumerable<SseFrame> ISseFrameSource.Frames => new FrameStream(this);

    /// <inheritdoc />
    public async IAsyncEnumerator<SseItem<T>> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var subscriber = Attach(cancellationToken);
        await using (subscriber.ConfigureAwait(false))
        {
            while (await subscriber.MoveNextAsync().ConfigureAwait(false))
            {
                yield return subscriber.Current is SseChannelEntry<T> entry
                    ? new SseItem<T>(entry.Item, entry.EventType) { EventId = entry.Id }
                    : new SseItem<T>(default!, subscriber.Current.EventType);
            }
        }
    }

    private SseSubscriber<T> Attach(CancellationToken cancellationToken)
    {
        var subscriber = _channel.Attach(_lastEventId);
        subscriber.Start(cancellationToken);
        return subscriber;
    }

    private sealed class FrameStream(SseSubscription<T> subscription) : IAsyncEnumerable<SseFrame>
    {
        public IAsyncEnumerator<SseFrame> GetAsyncEnumerator(CancellationToken cancellationToken = default) => subscription.Attach(cancellationToken);
    }
}
