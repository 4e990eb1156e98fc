using System;

namespace SseGen.Client;

/// <summary>
/// How long to wait before the next connection attempt: pure (inputs in, delay out), so it is tested with a table.
/// <list type="bullet">
/// <item>The base is the server's last <c>retry:</c>, else <see cref="SseClientOptions.InitialReconnectDelay"/>, never below
/// <see cref="SseClientOptions.MinReconnectDelay"/> (a <c>retry: 0</c> included).</item>
/// <item>It doubles for each consecutive attempt after the first that delivered no event, whatever <c>retry:</c> said,
/// up to <see cref="SseClientOptions.MaxReconnectDelay"/>.</item>
/// <item>Every delay is jittered: from the target to half as long again, within the cap (at the cap, two thirds of it to
/// all of it), so that clients cut off together do not come back together.</item>
/// <item>A <c>Retry-After</c> is honoured when longer, capped separately by <see cref="SseClientOptions.MaxRetryAfter"/>
/// and jittered the same way.</item>
/// </list>
/// </summary>
internal static class ReconnectPolicy
{
    /// <param name="options">The floor, the caps and the client's own first delay.</param>
    /// <param name="serverRetry">The last <c>retry:</c> the server sent on any connection, if any.</param>
    /// <param name="retryAfter">The last response's <c>Retry-After</c>, if it had one.</param>
    /// <param name="failures">Consecutive attempts, this one included, that delivered no event; 0 after a connection that delivered.</param>
    /// <param name="random">A sample in [0, 1) for the jitter.</param>
    public static TimeSpan Delay(SseClientOptions options, TimeSpan? serverRetry, TimeSpan? retryAfter, int failures, double random)
    {
        var floor = NonNegative(options.MinReconnectDelay);
        var max = Max(options.MaxReconnectDelay, floor);
        var baseDelay = Max(serverRetry ?? options.InitialReconnectDelay, floor);
        var doublings = Math.Min(Math.Max(failures - 1, 0), 30);
        var target = TimeSpan.FromTicks((long)Math.Min(baseDelay.Ticks * Math.Pow(2, doublings), max.Ticks));
        var delay = Max(Jitter(target, max, random), floor);

        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            var cap = NonNegative(options.MaxRetryAfter);
            var honoured = Jitter(asked < cap ? asked : cap, cap, random);
            if (honoured > delay)
            {
                delay = honoured;
            }
        }

        return delay;
    }

    /// <summary>Uniform in [target, 1.5 × target] cut at <paramref name="cap"/>; the window never narrows below a third of its top.</summary>
    private static TimeSpan Jitter(TimeSpan target, TimeSpan cap, double random)
    {
        var high = Math.Min(target.Ticks * 1.5, cap.Ticks);
        var low = Math.Min(target.Ticks, high * 2 / 3);
        return TimeSpan.FromTicks((long)(low + ((high - low) * random)));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan NonNegative(TimeSpan value) => value < TimeSpan.Zero ? TimeSpan.Zero : value;
}
