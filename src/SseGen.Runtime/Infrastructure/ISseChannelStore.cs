using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Infrastructure;

/// <summary>An event as a shared store keeps it: its id, its event type and its JSON data, serialized once by the publisher.</summary>
internal readonly record struct SseStoredEvent(string Id, string? EventType, ReadOnlyMemory<byte> Json);

/// <summary>Receives, in id order, the events appended to one channel by any instance.</summary>
internal interface ISseStoreListener
{
    void Deliver(SseStoredEvent stored);
}

/// <summary>
/// Where channels live when one machine is not enough (SseGen.Redis implements it): a shared,
/// bounded, id-ordered history per channel that every instance appends to and follows.
/// </summary>
internal interface ISseChannelStore
{
    /// <summary>Appends an event; returns its id. Throws when the store cannot be reached.</summary>
    string Append(string channel, string? eventType, ReadOnlySpan<byte> json, int historyLength);

    /// <summary>Delivers every event appended to <paramref name="channel"/> from now on, in order, for as long as the app runs.</summary>
    void Follow(string channel, ISseStoreListener listener);

    /// <summary>
    /// The events after <paramref name="afterId"/>, oldest first; <see langword="null"/> when some of
    /// them are no longer kept (or the id is not one of the store's).
    /// </summary>
    Task<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, CancellationToken cancellationToken);

    /// <summary>Orders two ids; false when either is not one of the store's.</summary>
    bool TryCompare(string left, string right, out int order);
}
