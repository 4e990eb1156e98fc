namespace SseGen.Client;

/// <summary>Why a stream ended with an <see cref="SseProtocolException"/>: the server sent something the client will not read or cannot resume from.</summary>
public enum SseProtocolError
{
    /// <summary>A line, or an event's lines together, grew past <see cref="SseClientOptions.MaxEventSize"/>.</summary>
    EventTooLarge,

    /// <summary>
    /// The client would have to send an event id that cannot travel in a <c>Last-Event-ID</c> header: it has a
    /// character outside visible ASCII (0x21-0x7E), such as a space, a control character or any non-ASCII letter.
    /// </summary>
    UnsendableEventId,
}
