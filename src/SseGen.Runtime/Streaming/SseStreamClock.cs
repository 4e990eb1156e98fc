using System;
using System.Collections.Concurrent;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// One timer for the whole application, on its <see cref="TimeProvider"/>. Every tick it visits the
/// open streams' watchdogs: it wakes a stream that has been silent for the keep-alive interval (its
/// own loop writes the comment, so one can never land inside a frame), and cuts a flush that has
/// waited longer than the write timeout.
/// </summary>
/// <remarks>
/// The tick period is an eighth of the shorter of the two intervals, at most one second and at least
/// one millisecond. A keep-alive is due after the interval less half a period of silence, so a
/// stream is silent between the interval less half a period and the interval plus half a period
/// (plus the time the loop takes to write); a stalled write ends at most one period after its timeout.
/// </remarks>
internal sealed class SseStreamClock : IDisposable
{
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<SseFlushWatchdog, byte> _streams = new();
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly long _writeTimeout;

    public SseStreamClock(TimeProvider time, TimeSpan? keepAliveInterval, TimeSpan? writeTimeout)
    {
        _time = time;
        _writeTimeout = writeTimeout is { } w ? ToTimestampTicks(w, time.TimestampFrequency) : 0;
        Period = GetPeriod(keepAliveInterval, writeTimeout);
        // Half a period early: a keep-alive's flush completes a moment after the tick that woke it,
        // so against the full interval the tick one interval later would find the stream just short
        // of silent enough, and every keep-alive after the first would come a period late (16 s, not 15).
        KeepAlive = keepAliveInterval is { } k ? Math.Max(1, ToTimestampTicks(k - (Period / 2), time.TimestampFrequency)) : 0;
        // The timer must not keep the app's ExecutionContext (and its AsyncLocals) alive.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static state => ((SseStreamClock)state!).Tick(), this, Period, Period);
        }
    }

    /// <summary>How often the clock ticks: the tolerance on both intervals.</summary>
    public TimeSpan Period { get; }

    /// <summary>
    /// The silence after which a keep-alive is due, in timestamp ticks of the clock's
    /// <see cref="TimeProvider"/>: the interval less half a period; 0 when keep-alives are off.
    /// </summary>
    public long KeepAlive { get; }

    public void Register(SseFlushWatchdog watchdog) => _streams.TryAdd(watchdog, 0);

    public void Unregister(SseFlushWatchdog watchdog) => _streams.TryRemove(watchdog, out _);

    public void Dispose() => _timer.Dispose();

    internal static TimeSpan GetPeriod(TimeSpan? keepAliveInterval, TimeSpan? writeTimeout)
    {
        var shortest = MaxPeriod * 8;
        if (keepAliveInterval is { } k && k < shortest)
        {
            shortest = k;
        }

        if (writeTimeout is { } w && w < shortest)
        {
            shortest = w;
        }

        var period = shortest / 8;
        return period < MinPeriod ? MinPeriod : period;
    }

    /// <summary><paramref name="interval"/> in ticks of a timestamp with <paramref name="frequency"/> ticks per second.</summary>
    internal static long ToTimestampTicks(TimeSpan interval, long frequency) => (long)(interval.TotalSeconds * frequency);

    private void Tick()
    {
        var now = _time.GetTimestamp();
        foreach (var pair in _streams)
        {
            pair.Key.OnTick(now, KeepAlive, _writeTimeout);
        }
    }
}
