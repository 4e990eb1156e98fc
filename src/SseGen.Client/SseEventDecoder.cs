using System;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace SseGen.Client;

/// <summary>
/// Decodes one connection's events for the parser: a broadcast channel's signals are told apart from items before the
/// item decoder sees them (their data is not a <typeparamref name="T"/>), and an item that fails to decode is reported
/// with the stream, the event type and the id, since the serializer's own message names none of them.
/// </summary>
internal sealed class SseEventDecoder<T>(string requestUri, SseItemParser<T> decodeItem, string itemTypeName)
{
    /// <summary>The parser this decoder serves, for the id of the event being decoded.</summary>
    public SseParser<SseEventPayload<T>>? Parser { get; set; }

    /// <summary>The client's last event id as of the previous event (this connection may not have named one yet).</summary>
    public string? LastEventId { get; set; }

    public SseEventPayload<T> Decode(string eventType, ReadOnlySpan<byte> data)
    {
        var signal = SseChannelSignalReader.TryRead(eventType, data, CurrentId());
        if (signal is not null)
        {
            return new SseEventPayload<T>(default!, signal);
        }

        try
        {
            return new SseEventPayload<T>(decodeItem(eventType, data), null);
        }
        catch (JsonException e)
        {
            // Not retried: a resume would replay the same event and fail the same way.
            throw new JsonException(
                $"The SSE stream {requestUri} sent an event (type '{eventType}', last event id '{CurrentId()}') whose data is not a valid {itemTypeName}: {e.Message}",
                e.Path,
                e.LineNumber,
                e.BytePositionInLine,
                e);
        }
    }

    private string? CurrentId() => Parser?.LastEventId is { Length: > 0 } id ? id : LastEventId;
}
