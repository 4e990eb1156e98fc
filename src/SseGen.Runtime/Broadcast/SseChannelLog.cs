using Microsoft.Extensions.Logging;

namespace SseGen;

/// <summary>
/// What a set of channels logs. Channel names are chosen by clients, so none is ever logged; a
/// refusal at the cap is logged once per <see cref="SseChannels{T}"/> per interval, with a count.
/// </summary>
internal static partial class SseChannelLog
{
    [LoggerMessage(101, LogLevel.Warning, "The channels {StoreName} reached their limit of {MaxChannels} live channels; {Refused} new channel(s) were refused since the last report (503 with Retry-After to a stream).")]
    public static partial void LimitReached(ILogger logger, string storeName, int maxChannels, long refused);
}
