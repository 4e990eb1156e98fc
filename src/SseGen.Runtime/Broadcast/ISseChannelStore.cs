using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Infrastructure;

/// <summary>An event as a shared store keeps it: its id, its event type and its JSON data, serialized once by the publisher.</summary>
internal readonly record struct SseStoredEvent(string Id, string? EventType, ReadOnlyMemory<byte> Json);

/// <summary>How long a store keeps a channel's events: the channel's history limits, and how long its key outlives its last append.</summary>
internal readonly record struct SseStoreRetention(int HistoryLength, TimeSpan? HistoryMaxAge, TimeSpan KeyLifetime);

/// <summary>Receives, in id order, the events appended to one channel by any instance.</summary>
internal interface ISseStoreListener
{
    void Deliver(SseStoredEvent stored);
}

/// <summary>
/// Where channels live when one machine is not enough (SseGen.Redis implements it): a shared,
/// bounded, id-ordered history per channel that every instance appends to and follows.
/// No member blocks the calling thread on the store.
/// </summary>
internal interface ISseChannelStore
{
    /// <summary>
    /// Appends an event; completes with its id. Fails with <see cref="SseChannelUnavailableException"/>
    /// within a bounded time when the store cannot be reached.
    /// </summary>
    Task<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers every event appended to <paramref name="channel"/> after this call, in order, until
    /// the returned handle is disposed (which drops whatever the store holds for following it).
    /// Returns at once: where "after this call" starts is read in the background.
    /// </summary>
    IDisposable Follow(string channel, ISseStoreListener listener);

    /// <summary>
    /// The events after <paramref name="afterId"/>, oldest first, at most <paramref name="maxCount"/>;
    /// <see langword="null"/> when some of them are no longer kept, when there are more than
    /// <paramref name="maxCount"/>, when one is older than <paramref name="maxAge"/> (the channel's
    /// <c>HistoryMaxAge</c>: a store trims by age only when appending, so an idle channel still holds
    /// events a resume must not replay), or when the id is not one of the store's.
    /// </summary>
    Task<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken);

    /// <summary>Orders two ids; false when either is not one of the store's.</summary>
    bool TryCompare(string left, string right, out int order);
}
