using System;

namespace SseGen.Client;

/// <summary>
/// The server sent something the client refuses to read further or cannot resume from (see <see cref="Error"/>). The stream
/// ends: a reconnect would meet the same event again, or could not say where to resume.
/// </summary>
public sealed class SseProtocolException : Exception
{
    internal SseProtocolException(SseProtocolError error, string requestUri, string message)
        : base(message)
    {
        Error = error;
        RequestUri = requestUri;
    }

    /// <summary>What the server did.</summary>
    public SseProtocolError Error { get; }

    /// <summary>The stream's address, as the caller gave it.</summary>
    public string RequestUri { get; }
}
