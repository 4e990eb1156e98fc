namespace SseGen.Infrastructure;

/// <summary>The one spelling of each <see cref="SseStreamEndReason"/>, for logs and metric tags alike.</summary>
internal static class SseStreamEndReasons
{
    /// <summary>
    /// The reason as a metric tag value: <c>snake_case</c> without spaces, as OpenTelemetry's
    /// semantic conventions write them. The README's "Metrics" table lists the same values.
    /// </summary>
    public static string Name(this SseStreamEndReason reason) => reason switch
    {
        SseStreamEndReason.Completed => "completed",
        SseStreamEndReason.ClientGone => "client_gone",
        SseStreamEndReason.Cancelled => "cancelled",
        SseStreamEndReason.WriteTimeout => "write_timeout",
        SseStreamEndReason.Failed => "failed",
        SseStreamEndReason.Limit => "limit",
        _ => "unknown",
    };
}
