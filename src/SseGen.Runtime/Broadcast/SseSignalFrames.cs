using System.Buffers;
using System.Text.Json;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// The events a channel sends on its own (<c>reset</c>, <c>missed</c>), framed by
/// <see cref="SseFrameWriter"/> with its validation like every published event: their data is
/// written by a JSON writer and their id is one the channel issued, never text a client sent.
/// </summary>
internal static class SseSignalFrames
{
    /// <summary>
    /// <c>reset</c> carrying <paramref name="latestId"/>, the newest id the channel issued (empty when
    /// it has issued none yet: the client's next reconnect then sends no <c>Last-Event-ID</c>).
    /// </summary>
    public static SseFrame Reset(string latestId)
    {
        var data = new ArrayBufferWriter<byte>(64);
        using (var json = new Utf8JsonWriter(data))
        {
            json.WriteStartObject();
            json.WriteString("latestId"u8, latestId);
            json.WriteEndObject();
        }

        return Frame(data.WrittenSpan, SseChannelEvents.Reset, latestId);
    }

    /// <summary><c>missed</c> with the number of events this subscriber lost; no id, so a reconnect resumes after the last event it got.</summary>
    public static SseFrame Missed(int count)
    {
        var data = new ArrayBufferWriter<byte>(32);
        using (var json = new Utf8JsonWriter(data))
        {
            json.WriteStartObject();
            json.WriteNumber("missed"u8, count);
            json.WriteEndObject();
        }

        return Frame(data.WrittenSpan, SseChannelEvents.Missed, id: null);
    }

    private static SseFrame Frame(System.ReadOnlySpan<byte> json, string eventType, string? id)
    {
        var frame = new ArrayBufferWriter<byte>(json.Length + 64);
        new SseFrameWriter(frame, default).WriteUtf8Event(json, eventType, id);
        return new SseFrame(frame.WrittenSpan.ToArray(), eventType);
    }
}
