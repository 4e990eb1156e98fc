using System;
using System.Threading;

namespace SseGen;

/// <summary>What a broadcast channel does with a subscriber whose queue is full.</summary>
public enum SseSlowSubscriberPolicy
{
    /// <summary>
    /// Drop the subscriber's oldest queued events and, before the next event it gets, send it one
    /// <c>missed</c> event (<see cref="SseChannelEvents.Missed"/>) whose data is
    /// <c>{"missed":N}</c>, the number of events it lost. The stream stays open.
    /// </summary>
    DropOldest,

    /// <summary>
    /// End the subscriber's stream after the events already queued. The browser reconnects with
    /// <c>Last-Event-ID</c> and gets what it missed from the channel's history (or a
    /// <c>reset</c> event when that is gone too).
    /// </summary>
    EndStream,
}

/// <summary>Limits of every channel of one item type, set with <c>AddSseChannels&lt;T&gt;(configure: o =&gt; …)</c>.</summary>
public sealed class SseChannelOptions
{
    /// <summary>
    /// How many events may wait for one subscriber (a client that reads slower than the channel
    /// publishes). Default: 1024. When it is full, <see cref="SlowSubscriberPolicy"/> applies;
    /// a subscriber never slows the publisher or the other subscribers.
    /// </summary>
    public int SubscriberQueueLength { get; set; } = 1024;

    /// <summary>What happens to a subscriber whose queue is full. Default: <see cref="SseSlowSubscriberPolicy.DropOldest"/>.</summary>
    public SseSlowSubscriberPolicy SlowSubscriberPolicy { get; set; } = SseSlowSubscriberPolicy.DropOldest;

    /// <summary>
    /// How many published events each channel keeps for clients that reconnect with
    /// <c>Last-Event-ID</c>. Default: 1000. 0 keeps none: every resume then gets a <c>reset</c>
    /// event unless the client missed nothing.
    /// </summary>
    public int HistoryLength { get; set; } = 1000;

    /// <summary>
    /// How long a published event stays in the history; <see langword="null"/> (the default) keeps
    /// events until <see cref="HistoryLength"/> newer ones push them out.
    /// </summary>
    public TimeSpan? HistoryMaxAge { get; set; }

    /// <summary>
    /// How long a channel nobody subscribes to is kept for the events in its history: it is removed
    /// (with its history, and its follower in a shared store) once its newest event is older than
    /// this, or once <see cref="HistoryMaxAge"/> has emptied its history, whichever comes first. A
    /// channel with no subscribers and nothing in its history is removed within a few seconds.
    /// Default: 5 minutes. A client that resumes after that gets a <c>reset</c> event.
    /// </summary>
    /// <remarks>
    /// A removed channel's name can be used again at once: <see cref="SseChannels{T}.Get"/> creates a
    /// new channel, and a reference to the removed one still works (it publishes to, and subscribes
    /// to, the channel of that name that is live then).
    /// </remarks>
    public TimeSpan IdleLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many channels of this item type may be live at once. Default: 10,000. Over it,
    /// <see cref="SseChannels{T}.Get"/> of a new name throws <see cref="SseChannelLimitException"/>,
    /// which an <c>[SseEndpoint]</c> answers with 503 and <c>Retry-After</c>; channels already live
    /// are not affected, and a removed channel makes room.
    /// </summary>
    public int MaxChannels { get; set; } = 10_000;

    /// <summary>
    /// The name of this set of channels in a shared store (SseGen.Redis): a channel's key there is
    /// this name, a colon, and the channel's name. <see langword="null"/> (the default): the item
    /// type's full name with its generic arguments and no assembly version (for example
    /// <c>Contoso.Envelope&lt;Contoso.Order&gt;</c>), so two item types never share a key. Set it to
    /// keep the keys when the type is renamed or moved, or to share channels between two types that
    /// serialize alike.
    /// </summary>
    public string? StoreName { get; set; }

    internal void Validate()
    {
        if (SubscriberQueueLength < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(SubscriberQueueLength), SubscriberQueueLength, "A subscriber queue holds at least one event.");
        }

        if (HistoryLength < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryLength), HistoryLength, "The history length cannot be negative.");
        }

        if (HistoryMaxAge is { } age && age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoryMaxAge), age, "The history's age limit must be positive, or null for none.");
        }

        if (IdleLifetime <= TimeSpan.Zero || IdleLifetime == Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(IdleLifetime), IdleLifetime, "An idle channel's lifetime must be positive and finite.");
        }

        if (MaxChannels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxChannels), MaxChannels, "At least one channel must be allowed.");
        }

        if (StoreName is { } storeName && (storeName.Length == 0 || storeName.AsSpan().IndexOfAny('\r', '\n') >= 0))
        {
            throw new ArgumentException("The store name must be non-empty and on one line.", nameof(StoreName));
        }
    }
}

/// <summary>The event types a broadcast channel sends on its own, besides the published items.</summary>
public static class SseChannelEvents
{
    /// <summary>
    /// <c>missed</c>: this subscriber fell behind and lost events (policy
    /// <see cref="SseSlowSubscriberPolicy.DropOldest"/>); data <c>{"missed":N}</c>. It carries no id,
    /// so a reconnect still resumes after the last event the client got.
    /// </summary>
    public const string Missed = "missed";

    /// <summary>
    /// <c>reset</c>: the <c>Last-Event-ID</c> the client resumed from is older than the channel's
    /// history (or from before the server restarted, or from a channel removed since), so the events
    /// in between cannot be replayed. The client should reload its state. Data
    /// <c>{"latestId":"…"}</c>, the newest id the channel issued; the event carries that id, so the
    /// stream continues from now. It is never the id the client sent. A channel in a shared store
    /// that has seen no event since it started here sends an empty id: the client's next reconnect
    /// then asks for live events only.
    /// </summary>
    public const string Reset = "reset";
}
