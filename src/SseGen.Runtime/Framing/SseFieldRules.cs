using System;
using System.Buffers;

namespace SseGen.Infrastructure;

/// <summary>
/// What the header fields of a frame may hold (DESIGN.md, wire format): an event name without a line
/// break, an id of visible ASCII only, a retry interval that is not negative. Checked before a
/// frame's first byte is written, so a refused frame leaves nothing on the wire.
/// </summary>
internal static class SseFieldRules
{
    // What an id may hold: 0x21-0x7E, the characters every client can send back in Last-Event-ID.
    private static readonly SearchValues<char> VisibleAscii =
        SearchValues.Create("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>Throws <see cref="SseFormatException"/> naming the first field that may not be written.</summary>
    public static void ThrowIfInvalid(string? eventType, string? id, TimeSpan? retry)
    {
        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new SseFormatException($"The SSE event type '{SseLogText.Escape(eventType, 64)}' contains a line break (CR or LF); it was not written.");
        }

        // An id comes back as the Last-Event-ID header, which carries visible ASCII only: an id with
        // anything else (a space, a line break, NUL, a control or non-ASCII character) could not be
        // resumed from by every client, and a line break would end the frame.
        if (id is not null && id.AsSpan().IndexOfAnyExcept(VisibleAscii) >= 0)
        {
            throw new SseFormatException($"The SSE event id '{SseLogText.Escape(id, 64, asciiOnly: true)}' holds a character that is not visible ASCII (0x21-0x7E), which a client could not send back in Last-Event-ID; it was not written.");
        }

        if (retry < TimeSpan.Zero)
        {
            throw new SseFormatException($"The SSE reconnection interval {retry} is negative; it was not written.");
        }
    }
}
