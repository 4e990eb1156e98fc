using System;
using Microsoft.Extensions.Logging;

namespace SseGen.Infrastructure;

internal static partial class SseLog
{
    [LoggerMessage(1, LogLevel.Error, "The SSE stream of {Endpoint} failed before its first event; the client got 500.")]
    public static partial void FailedBeforeFirstEvent(ILogger logger, string endpoint, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "The SSE stream of {Endpoint} failed after {EventCount} events; the stream was ended.")]
    public static partial void FailedDuringStream(ILogger logger, string endpoint, long eventCount, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Disposing the SSE stream of {Endpoint} failed.")]
    public static partial void DisposeFailed(ILogger logger, string endpoint, Exception exception);

    /// <summary>The stream's last line, with its reason spelled as the meter's tag spells it.</summary>
    public static void StreamEnded(ILogger logger, string endpoint, SseStreamEndReason reason, long eventCount)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            StreamEnded(logger, endpoint, reason.Name(), eventCount);
        }
    }

    [LoggerMessage(4, LogLevel.Debug, "The SSE stream of {Endpoint} ended: {Reason} after {EventCount} events.")]
    private static partial void StreamEnded(ILogger logger, string endpoint, string reason, long eventCount);

    [LoggerMessage(6, LogLevel.Information, "The SSE stream of {Endpoint} was ended after {EventCount} events: the client read nothing for the write timeout ({WriteTimeout}).")]
    public static partial void WriteTimedOut(ILogger logger, string endpoint, long eventCount, TimeSpan writeTimeout);

    [LoggerMessage(7, LogLevel.Warning, "A request to {Endpoint} was refused with 503: the endpoint already has its limit of {MaxStreams} open streams. Further refusals are counted and logged at most once every {Interval}.")]
    public static partial void StreamLimitReached(ILogger logger, string endpoint, int maxStreams, TimeSpan interval);

    // One line for many refusals: a client that retries in a loop must not write one line per request.
    [LoggerMessage(30, LogLevel.Warning, "{Refused} requests to {Endpoint} were refused with 503 since the last such line: the endpoint is at its limit of {MaxStreams} open streams.")]
    public static partial void StreamLimitStillReached(ILogger logger, string endpoint, long refused, int maxStreams);

    // Detail holds request values: SseBadRequest.ForLog escapes them with SseLogText and bounds their length.
    [LoggerMessage(5, LogLevel.Debug, "Request to {Endpoint} rejected with 400: {Detail}")]
    public static partial void BindingFailed(ILogger logger, string endpoint, string detail);
}
