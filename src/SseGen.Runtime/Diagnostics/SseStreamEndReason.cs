namespace SseGen.Infrastructure;

/// <summary>
/// Why a stream ended: one value per stream, written by the end-of-stream log line and carried by
/// the <c>ssegen.reason</c> tag of the meter, both as <see cref="SseStreamEndReasons.Name"/> spells it.
/// </summary>
internal enum SseStreamEndReason
{
    /// <summary>The producer finished and everything it made was sent (or 204 when it made nothing).</summary>
    Completed,

    /// <summary>The client disconnected.</summary>
    ClientGone,

    /// <summary>The producer's token fired with the client still there: the application is stopping.</summary>
    Cancelled,

    /// <summary>A write waited longer than <see cref="SseOptions.WriteTimeout"/>: the connection was closed (over HTTP/2, only the stream was reset).</summary>
    WriteTimeout,

    /// <summary>The producer or the framing of an event threw.</summary>
    Failed,

    /// <summary>The endpoint's <see cref="SseStreamLimitAttribute"/> refused the request with 503.</summary>
    Limit,
}
