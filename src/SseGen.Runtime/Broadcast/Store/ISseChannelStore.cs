using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen;

/// <summary>
/// Where broadcast channels live when one machine is not enough: for each channel a shared,
/// bounded, id-ordered history that every instance of the app appends to and follows. SseGen.Redis
/// implements it on Redis Streams; register another with
/// <see cref="SseChannelServiceCollectionExtensions.AddSseChannelStore"/>. Without one, channels live in memory.
/// </summary>
/// <remarks>
/// <para>
/// <b>Channels.</b> A channel is named by its key: the <see cref="SseChannelOptions.StoreName"/> of
/// its set, a colon, and the channel's name. The name is text a client chose (a chat room in a
/// URL): treat the key as opaque data, bound what it can make you keep, and escape it in logs.
/// </para>
/// <para>
/// <b>What an implementation guarantees.</b>
/// Ids are made by the store, non-empty visible ASCII (U+0021 to U+007E; a client sends them back in
/// <c>Last-Event-ID</c>), unique within a channel and increasing in append order, whichever instance
/// appended, as <see cref="TryCompare"/> orders them. Every event appended to a channel reaches every
/// follower of that channel, in id order, once, for as long as the store still holds it when the
/// follower reads. A read never leaves a gap: it returns exactly the events after an id, or
/// <see langword="null"/> (the client is sent <c>reset</c>). An id from an earlier life of a channel
/// (dropped and created again, or lost in a restart of the store) is not taken for one of its
/// current events.
/// </para>
/// <para>
/// <b>Threading and time.</b> Every member may be called at once from many threads, for one channel
/// or many. None blocks the calling thread on I/O: <see cref="Follow"/> and <see cref="TryCompare"/>
/// return at once; the two asynchronous ones complete within a bound of the store's own (SseGen.Redis:
/// <see cref="SseChannelUnavailableException"/> after its publish timeout) even when the store is
/// frozen, so a request never hangs on it. A store that reads the clock (ages, lifetimes) reads the
/// app's <see cref="TimeProvider"/> service, as the channels do.
/// </para>
/// <para>
/// <b>Cancellation.</b> A token stops the caller's wait, not necessarily the work: an append whose
/// wait was cancelled, or that timed out, may still be appended.
/// </para>
/// </remarks>
public interface ISseChannelStore
{
    /// <summary>
    /// Appends one event to <paramref name="channel"/> and completes with the id the store gave it,
    /// once every follower of the channel (on any instance) will be handed it. Trims the channel as
    /// <paramref name="retention"/> says.
    /// </summary>
    /// <param name="channel">The channel's key.</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> for <c>message</c>. Never holds a line break.</param>
    /// <param name="json">The item's JSON (UTF-8), serialized once by the publisher; keep a copy if you keep it past the call.</param>
    /// <param name="retention">How much of the channel to keep, and for how long.</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>The new event's id.</returns>
    /// <exception cref="SseChannelUnavailableException">The store cannot be reached or did not answer in time; the caller's publish fails with it.</exception>
    ValueTask<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken);

    /// <summary>
    /// The events of <paramref name="channel"/> after <paramref name="afterId"/>, oldest first, so
    /// that a client resuming with <c>Last-Event-ID</c> gets exactly what it missed; an empty list
    /// when it missed nothing.
    /// </summary>
    /// <param name="channel">The channel's key.</param>
    /// <param name="afterId">The client's <c>Last-Event-ID</c>: any text (it may be hostile); never echo it.</param>
    /// <param name="maxCount">The channel's <see cref="SseChannelOptions.HistoryLength"/> (at least 1): a client that missed more is reset rather than replayed.</param>
    /// <param name="maxAge">The channel's <see cref="SseChannelOptions.HistoryMaxAge"/>: an event older than this is not replayed, even if the store still holds it (stores often trim by age only when appending, so an idle channel still holds stale events).</param>
    /// <param name="cancellationToken">Stops waiting for the store.</param>
    /// <returns>
    /// The events, or <see langword="null"/> (the client gets <c>reset</c>) when they cannot all be
    /// given: <paramref name="afterId"/> is not one of this channel's ids in its current life, one of the
    /// events after it is no longer kept, there are more than <paramref name="maxCount"/>, or the oldest
    /// is older than <paramref name="maxAge"/>. Never a partial list.
    /// </returns>
    /// <exception cref="SseChannelUnavailableException">The store cannot be reached or did not answer in time; the resuming stream ends with it and the client retries.</exception>
    ValueTask<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken);

    /// <summary>
    /// Hands <paramref name="listener"/> every event appended to <paramref name="channel"/> from now
    /// on, by any instance, in id order, one at a time, until the returned handle is disposed. A
    /// channel of this instance follows its key once, from when it is first used until it is
    /// removed (<see cref="SseChannelOptions.IdleLifetime"/>) or the app stops.
    /// </summary>
    /// <param name="channel">The channel's key.</param>
    /// <param name="listener">Where to deliver; see <see cref="ISseStoreListener.Deliver"/>.</param>
    /// <returns>
    /// A handle whose <see cref="IDisposable.Dispose"/> stops the deliveries and lets go of whatever
    /// following held in the store (a subscription, a connection's share); it returns at once and
    /// may be called more than once.
    /// </returns>
    /// <remarks>
    /// Returns at once and does no I/O on the caller's thread (it runs under the channel's lock):
    /// start following in the background. "From now on" is when this is called, not when the
    /// background work gets there: an event another instance appends meanwhile must be delivered.
    /// Delivering a few events appended just before is allowed; missing one is not. When the store
    /// was unreachable, deliver what was appended meanwhile as soon as it is back, in order.
    /// </remarks>
    IDisposable Follow(string channel, ISseStoreListener listener);

    /// <summary>
    /// Orders two ids of the store, as their events were appended to one channel: a resuming stream
    /// uses it to skip live events its replay already held.
    /// </summary>
    /// <param name="left">An id.</param>
    /// <param name="right">An id.</param>
    /// <param name="order">Negative, zero or positive as <paramref name="left"/> is older than, the same as, or newer than <paramref name="right"/>.</param>
    /// <returns><see langword="false"/> when either is not an id this store could have made.</returns>
    bool TryCompare(string left, string right, out int order);
}
