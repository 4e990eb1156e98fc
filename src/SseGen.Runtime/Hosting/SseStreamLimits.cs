using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SseGen.Infrastructure;

/// <summary>
/// The app's <see cref="SseStreamLimitAttribute"/> counts, one gate per endpoint, and the 503 a
/// refused request gets, logged once and then summed up at most once per interval.
/// </summary>
internal sealed class SseStreamLimits
{
    /// <summary>
    /// How often at most an endpoint logs that its stream limit refused requests: the first refusal
    /// is logged at once, later ones are counted and summed up in one line per interval at most.
    /// </summary>
    internal static readonly TimeSpan RefusalLogInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, SseStreamGate> _gates = new(StringComparer.Ordinal);
    private readonly Func<string, SseStreamGate> _newGate;
    private readonly ILogger _logger;
    private readonly SseMetrics _metrics;

    public SseStreamLimits(TimeProvider time, ILogger logger, SseMetrics metrics)
    {
        _newGate = _ => new SseStreamGate(new SseLogThrottle(time, RefusalLogInterval));
        _logger = logger;
        _metrics = metrics;
    }

    public SseStreamSlot Enter(HttpContext context, string endpoint)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<SseStreamLimitAttribute>();
        if (limit is null)
        {
            return default;
        }

        var gate = _gates.GetOrAdd(endpoint, _newGate);
        return new SseStreamSlot(gate, gate.TryEnter(limit.MaxStreams) ? null : limit);
    }

    public Task WriteRefusalAsync(HttpContext context, string endpoint, SseStreamSlot slot)
    {
        if (slot.RefusedBy is not { } limit || slot.Gate is not { } gate)
        {
            throw new ArgumentException("The slot was entered; only a refused request is answered with 503.", nameof(slot));
        }

        _metrics.Ended(endpoint, SseStreamEndReason.Limit, 0);
        if (gate.Refusals.TryEnter(out var heldBack))
        {
            if (heldBack == 0)
            {
                SseLog.StreamLimitReached(_logger, endpoint, limit.MaxStreams, gate.Refusals.Interval);
            }
            else
            {
                SseLog.StreamLimitStillReached(_logger, endpoint, heldBack + 1, limit.MaxStreams);
            }
        }

        context.Response.Headers.RetryAfter = limit.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return SseProblem.WriteUnavailableAsync(context, $"This stream is limited to {limit.MaxStreams} open connections; retry later.");
    }
}
