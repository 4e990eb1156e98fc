using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// One timer for the whole application. Every tick it visits the open streams: it wakes a stream
/// that has been silent for the keep-alive interval (its own loop writes the comment, so one can
/// never land inside a frame), and cuts a flush that has waited longer than the write timeout.
/// </summary>
/// <remarks>
/// The tick period is an eighth of the shorter of the two intervals, at most one second and at least
/// one millisecond: a stream is silent at most the keep-alive interval plus one period (plus the
/// time the loop takes to write), and a stalled write ends at most one period after its timeout.
/// </remarks>
internal sealed class SseStreamClock : IDisposable
{
    private static readonly TimeSpan MaxPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(1);

    private readonly ConcurrentDictionary<SseConnection, byte> _connections = new();
    private readonly Timer _timer;
    private readonly long _keepAlive;
    private readonly long _writeTimeout;

    public SseStreamClock(TimeSpan? keepAliveInterval, TimeSpan? writeTimeout)
    {
        _keepAlive = ToStopwatchTicks(keepAliveInterval);
        _writeTimeout = ToStopwatchTicks(writeTimeout);
        Period = GetPeriod(keepAliveInterval, writeTimeout);
        // The timer must not keep the app's ExecutionContext (and its AsyncLocals) alive.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(static state => ((SseStreamClock)state!).Tick(), this, Period, Period);
        }
    }

    /// <summary>How often the clock ticks: the tolerance on both intervals.</summary>
    public TimeSpan Period { get; }

    /// <summary>The keep-alive interval in Stopwatch ticks; 0 when keep-alives are off.</summary>
    public long KeepAlive => _keepAlive;

    public int OpenStreams => _connections.Count;

    public void Register(SseConnection connection) => _connections.TryAdd(connection, 0);

    public void Unregister(SseConnection connection) => _connections.TryRemove(connection, out _);

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

    private static long ToStopwatchTicks(TimeSpan? interval) =>
        interval is { } value ? (long)(value.TotalSeconds * Stopwatch.Frequency) : 0;

    private void Tick()
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var pair in _connections)
        {
            pair.Key.OnTick(now, _keepAlive, _writeTimeout);
        }
    }
}
