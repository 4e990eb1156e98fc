using System;

namespace SseGen;

/// <summary>
/// Thrown by <see cref="SseChannel{T}.PublishAsync"/> when the channel's shared store (Redis) cannot
/// be reached or did not answer in time: the event was not published. Answer the request that
/// published with 503 and a <c>Retry-After</c>, not 500.
/// </summary>
public sealed class SseChannelUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SseChannelUnavailableException(string message, Exception? innerException = null) : base(message, innerException)
    {
    }
}
