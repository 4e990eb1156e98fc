using System;

namespace SseGen;

/// <summary>
/// One event as an <see cref="ISseChannelStore"/> keeps it: the id the store gave it, its event
/// type, and its JSON data, serialized once by the instance that published it.
/// </summary>
/// <remarks>
/// The constructor checks what the channel will write: an id the store made is sent to clients in
/// <c>id:</c> and comes back in a <c>Last-Event-ID</c> header, so it is refused unless it is
/// visible ASCII; an event type is refused if it holds a line break. A store that breaks the
/// contract fails here, in the store's code, and never reaches a client's stream.
/// </remarks>
public readonly struct SseStoredEvent
{
    /// <summary>Creates a stored event.</summary>
    /// <param name="id">The store's id of the event: not empty, visible ASCII only (U+0021 to U+007E).</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> or empty for <c>message</c>.</param>
    /// <param name="json">The item's JSON, as the publisher's <see cref="SseChannel{T}.PublishAsync"/> serialized it (UTF-8).</param>
    /// <exception cref="ArgumentException">The id is empty or not visible ASCII, or the event type holds CR or LF.</exception>
    public SseStoredEvent(string id, string? eventType, ReadOnlyMemory<byte> json)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length == 0 || id.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            throw new ArgumentException(
                "A stored event's id must be non-empty visible ASCII (U+0021 to U+007E): it travels in a Last-Event-ID header. Got \"" + SseLogText.Escape(id, asciiOnly: true) + "\".",
                nameof(id));
        }

        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A stored event's type cannot contain a line break (CR or LF).", nameof(eventType));
        }

        Id = id;
        EventType = string.IsNullOrEmpty(eventType) ? null : eventType;
        Json = json;
    }

    /// <summary>The store's id of the event; <see langword="null"/> only in a <see langword="default"/> value, which no store may hand out.</summary>
    public string Id { get; }

    /// <summary>The <c>event:</c> name; <see langword="null"/> for <c>message</c>.</summary>
    public string? EventType { get; }

    /// <summary>The item's JSON data (UTF-8).</summary>
    public ReadOnlyMemory<byte> Json { get; }
}
