namespace SseGen.Client;

/// <summary>
/// A message a broadcast channel sends about the stream itself, not an item: the client lost events.
/// It is never yielded as an <see cref="System.Net.ServerSentEvents.SseItem{T}"/>; it goes to
/// <see cref="SseClientOptions.OnChannelSignal"/>, in stream order, or, when that is not set, ends the stream with an
/// <see cref="SseChannelSignalException"/>.
/// </summary>
/// <remarks>
/// Recognized by event type and exact data shape, as SseGen's <c>SseChannel&lt;T&gt;</c> writes them: <c>reset</c> with
/// <c>{"latestId":"…"}</c> (<see cref="SseResetSignal"/>) and <c>missed</c> with <c>{"missed":N}</c>
/// (<see cref="SseMissedSignal"/>). An event of either type whose data has another shape is an ordinary item.
/// </remarks>
/// <example>
/// <code>
/// var options = new SseClientOptions
/// {
///     OnChannelSignal = async (signal, ct) =&gt;
///     {
///         switch (signal)
///         {
///             case SseResetSignal:          // the server could not replay what this client missed
///                 await messages.ReloadAsync(ct);
///                 break;
///             case SseMissedSignal missed:  // this client read too slowly and lost events
///                 log.LogWarning("Lost {Count} events", missed.Count);
///                 break;
///         }
///     },
/// };
/// </code>
/// </example>
public abstract class SseChannelSignal
{
    // Only the two signals a channel sends exist; a switch over them is complete.
    private protected SseChannelSignal(string eventType, string? lastEventId)
    {
        EventType = eventType;
        LastEventId = lastEventId;
    }

    /// <summary>The event type on the wire: <c>reset</c> or <c>missed</c>.</summary>
    public string EventType { get; }

    /// <summary>The id a reconnect would resume after once this signal has been read (null when there is none).</summary>
    public string? LastEventId { get; }
}

/// <summary>
/// <c>reset</c>: the id the client resumed from is older than the channel's history (or from before the server restarted),
/// so the events in between are gone. Reload your state; the stream continues with events published after
/// <see cref="LatestId"/>.
/// </summary>
public sealed class SseResetSignal : SseChannelSignal
{
    internal SseResetSignal(string latestId)
        : base("reset", latestId)
    {
        LatestId = latestId;
    }

    /// <summary>
    /// The id of the newest event the server had when it answered; the stream continues after it.
    /// Empty when the server had no id to give (a Redis channel that has delivered nothing yet on that
    /// instance): the next reconnect then sends no <c>Last-Event-ID</c> and gets live events only.
    /// </summary>
    public string LatestId { get; }
}

/// <summary>
/// <c>missed</c>: this client read more slowly than the channel published, its queue on the server overflowed, and the
/// server dropped <see cref="Count"/> of its oldest queued events. The stream continues with the events that were kept.
/// </summary>
public sealed class SseMissedSignal : SseChannelSignal
{
    internal SseMissedSignal(long count, string? lastEventId)
        : base("missed", lastEventId)
    {
        Count = count;
    }

    /// <summary>How many events were dropped since the last one this client got.</summary>
    public long Count { get; }
}
