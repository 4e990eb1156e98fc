using System;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace SseGen.Client;

/// <summary>What one event decoded to: an item, or a channel's signal (then <see cref="Item"/> is default).</summary>
internal readonly struct SseEventPayload<T>(T item, SseChannelSignal? signal)
{
    public T Item { get; } = item;

    public SseChannelSignal? Signal { get; } = signal;
}

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

/// <summary>Recognizes the signals SseGen's broadcast channels write, by event type and the exact shape of their data.</summary>
internal static class SseChannelSignalReader
{
    // Kept as the runtime writes them (SseGen.SseChannelEvents); the client does not reference the server's package.
    private const string Reset = "reset";
    private const string Missed = "missed";

    public static SseChannelSignal? TryRead(string eventType, ReadOnlySpan<byte> data, string? lastEventId) => eventType switch
    {
        Reset => TryReadReset(data),
        Missed => TryReadMissed(data, lastEventId),
        _ => null,
    };

    /// <summary><c>{"latestId":"…"}</c> and nothing else.</summary>
    private static SseResetSignal? TryReadReset(ReadOnlySpan<byte> data)
    {
        var reader = new Utf8JsonReader(data);
        try
        {
            if (!ReadProperty(ref reader, "latestId"u8) || reader.TokenType != JsonTokenType.String)
            {
                return null;
            }

            // Empty from a Redis channel that has delivered nothing yet on its instance: still a reset.
            var latestId = reader.GetString()!;
            return ReadEnd(ref reader) ? new SseResetSignal(latestId) : null;
        }
        catch (JsonException)
        {
            return null; // not a signal: the item decoder will say what is wrong with it
        }
    }

    /// <summary><c>{"missed":N}</c>, N a positive integer, and nothing else.</summary>
    private static SseMissedSignal? TryReadMissed(ReadOnlySpan<byte> data, string? lastEventId)
    {
        var reader = new Utf8JsonReader(data);
        try
        {
            if (!ReadProperty(ref reader, "missed"u8) || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var count) || count < 1)
            {
                return null;
            }

            return ReadEnd(ref reader) ? new SseMissedSignal(count, lastEventId) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An object whose first property is <paramref name="name"/>; leaves the reader on its value.</summary>
    private static bool ReadProperty(ref Utf8JsonReader reader, ReadOnlySpan<byte> name) =>
        reader.Read() && reader.TokenType == JsonTokenType.StartObject &&
        reader.Read() && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(name) &&
        reader.Read();

    /// <summary>The object ends after that one property, and the data after the object.</summary>
    private static bool ReadEnd(ref Utf8JsonReader reader) =>
        reader.Read() && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
}
