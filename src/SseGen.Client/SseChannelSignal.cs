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
