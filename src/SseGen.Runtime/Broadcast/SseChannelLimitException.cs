using System;

namespace SseGen;

/// <summary>
/// Thrown by <see cref="SseChannels{T}.Get"/> for a new channel name when
/// <see cref="SseChannelOptions.MaxChannels"/> channels are already live. Nothing was created. An
/// <c>[SseEndpoint]</c> whose method throws it answers 503 with a <c>Retry-After</c> of
/// <see cref="RetryAfter"/>; answer other requests (a publishing POST) the same way.
/// </summary>
public sealed class SseChannelLimitException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Says which limit was reached.</param>
    /// <param name="retryAfter">When a retry may find room: idle channels are removed by then, if any are.</param>
    public SseChannelLimitException(string message, TimeSpan retryAfter) : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>When a retry may find room (the <c>Retry-After</c> to send).</summary>
    public TimeSpan RetryAfter { get; }
}
