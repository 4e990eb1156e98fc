using System;

namespace SseGen;

/// <summary>
/// Thrown when an event cannot be framed safely (an event type or id with a line break, an id with
/// NUL, a negative retry). Nothing of the refused event is written.
/// </summary>
public sealed class SseFormatException : FormatException
{
    /// <summary>Creates the exception with a message that names the refused value.</summary>
    public SseFormatException(string message) : base(message)
    {
    }
}
