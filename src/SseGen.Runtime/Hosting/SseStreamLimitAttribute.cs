using System;

namespace SseGen;

/// <summary>
/// Caps how many streams of one <c>[SseEndpoint]</c> may be open at once. A request over the cap
/// gets <c>503 Service Unavailable</c> with a <c>Retry-After</c> header (the browser's
/// <c>EventSource</c> stops on a non-200, so a page should retry itself) and is counted in the
/// <c>ssegen.streams.ended</c> metric with reason <c>limit</c>. The limit is checked first, before
/// the request is bound, a service resolved or the method called, so a refused request costs no
/// work (no channel, no instance); the place is given back when the stream ends, however it ends.
/// The first refusal is logged as a warning, later ones at most once every 10 seconds with their
/// count, so a client retrying in a loop cannot flood the log.
/// This caps an endpoint's streams in all; to cap them per client, use ASP.NET Core's rate limiter
/// (<c>[EnableRateLimiting]</c> with a partitioned concurrency limiter), which answers 429.
/// </summary>
/// <example>
/// <code>
/// [SseEndpoint("/prices"), SseStreamLimit(5000, RetryAfterSeconds = 10)]
/// public static IAsyncEnumerable&lt;SseItem&lt;Price&gt;&gt; Prices(SseChannels&lt;Price&gt; feed) =&gt; feed.Get("all").Subscribe();
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SseStreamLimitAttribute : Attribute
{
    /// <summary>Creates the limit.</summary>
    /// <param name="maxStreams">The most streams of this endpoint open at once; at least 1.</param>
    public SseStreamLimitAttribute(int maxStreams)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxStreams, 1);
        MaxStreams = maxStreams;
    }

    /// <summary>The most streams of this endpoint open at once.</summary>
    public int MaxStreams { get; }

    /// <summary>The <c>Retry-After</c> value, in seconds, of a refused request. Default: 5.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
