using System;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// Lets one log line through per interval for an event that a client can repeat at will (a refused
/// request), and counts the ones it held back, so the next line can say how many there were: a
/// flood of requests costs a bounded number of lines instead of one line each. Lock-free; the
/// count is exact, and a held-back event is reported with the first line after the interval.
/// </summary>
internal sealed class SseLogThrottle
{
    private readonly TimeProvider _time;
    private readonly long _intervalTicks;
    private long _nextAt = long.MinValue;
    private long _suppressed;

    public SseLogThrottle(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        Interval = interval;
        _intervalTicks = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>How often at most a line is written.</summary>
    public TimeSpan Interval { get; }

    /// <summary>
    /// Whether this occurrence may be logged; if so, <paramref name="heldBack"/> is how many were not
    /// logged since the previous line (0 for the first line ever).
    /// </summary>
    public bool TryEnter(out long heldBack)
    {
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _nextAt);
        if (now >= next && Interlocked.CompareExchange(ref _nextAt, now + _intervalTicks, next) == next)
        {
            heldBack = Interlocked.Exchange(ref _suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref _suppressed);
        heldBack = 0;
        return false;
    }
}
