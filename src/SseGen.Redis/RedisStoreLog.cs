using System;
using Microsoft.Extensions.Logging;

namespace SseGen;

/// <summary>
/// What the Redis store logs: an outage is one line when it starts and one when it ends, per
/// instance, whatever the number of channels and requests; a channel name is a structured, escaped value.
/// </summary>
internal static partial class RedisStoreLog
{
    [LoggerMessage(101, LogLevel.Warning, "Redis is unreachable: SSE channel subscribers on this instance hear nothing, and publishes fail, until it is back.")]
    public static partial void Unreachable(ILogger logger, Exception exception);

    [LoggerMessage(102, LogLevel.Information, "Redis is back: the SSE channels of this instance catch up on what was appended meanwhile.")]
    public static partial void Recovered(ILogger logger);

    [LoggerMessage(103, LogLevel.Error, "The event {Id} of the SSE channel {Channel} could not be delivered.")]
    private static partial void DeliveryFailedCore(ILogger logger, string channel, string id, Exception exception);

    public static void DeliveryFailed(ILogger logger, string channel, string id, Exception exception)
    {
        if (logger.IsEnabled(LogLevel.Error))
        {
            DeliveryFailedCore(logger, SseLogText.Escape(channel), SseLogText.Escape(id), exception);
        }
    }
}
