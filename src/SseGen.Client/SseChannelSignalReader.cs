using System;
using System.Text.Json;

namespace SseGen.Client;

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
