using System;

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
    /// history (or from before the server restarted), so the events in between cannot be replayed.
    /// The client should reload its state. Data <c>{"latestId":"…"}</c>; the event carries that id,
    /// so the stream continues from now.
    /// </summary>
    public const string Reset = "reset";
}
