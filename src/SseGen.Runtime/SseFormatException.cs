using System;

namespace SseGen;

/// <summary>
/// Thrown when an event cannot be framed safely: an event type with a line break, an id with a
/// character that is not visible ASCII (0x21-0x7E: no space, control, line break, NUL or non-ASCII
/// character, since a client sends the id back in the <c>Last-Event-ID</c> header), a negative
/// retry. Nothing of the refused event is written.
/// </summary>
public sealed class SseFormatException : FormatException
{
    /// <summary>Creates the exception with a message that names the refused value.</summary>
    public SseFormatException(string message) : base(message)
    {
    }
}
