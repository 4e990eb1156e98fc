using System.IO.Pipelines;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// What the app-wide <see cref="SseStreamClock"/> watches of one stream: when its last flush
/// completed (a keep-alive is due one interval later) and when its current flush began (the write
/// timeout cuts it). The clock only wakes the loop or cancels a flush; only the loop ever writes.
/// </summary>
/// <remarks>Timestamps are the stream's <see cref="System.TimeProvider"/>'s, as the clock's ticks are.</remarks>
internal sealed class SseFlushWatchdog
{
    // _flushStarted holds, while a flush is in flight, its start counted from _origin (so at least 1
    // whatever the time provider's epoch); 0 while none is, and TimedOut once the clock cut it.
    private const long NoFlush = 0;
    private const long TimedOut = -1;

    private readonly PipeWriter _pipe;
    private readonly SseWakeup _wakeup;
    private readonly long _origin;
    private long _lastFlush;
    private long _flushStarted;

    public SseFlushWatchdog(PipeWriter pipe, SseWakeup wakeup, long now)
    {
        _pipe = pipe;
        _wakeup = wakeup;
        _origin = now - 1;
        _lastFlush = now;
    }

    /// <summary>When the last flush completed: the client has heard nothing since.</summary>
    public long LastFlush => Volatile.Read(ref _lastFlush);

    /// <summary>Whether the stream has been silent for <paramref name="keepAlive"/> ticks (0: keep-alives off) at <paramref name="now"/>.</summary>
    public bool KeepAliveDue(long now, long keepAlive) => keepAlive > 0 && now - LastFlush >= keepAlive;

    public void BeginFlush(long now) => Volatile.Write(ref _flushStarted, now - _origin);

    /// <summary>Ends a flush; false when the write timeout cut it.</summary>
    public bool EndFlush(long now)
    {
        Volatile.Write(ref _lastFlush, now);
        return Interlocked.Exchange(ref _flushStarted, NoFlush) != TimedOut;
    }

    /// <summary>Called on the clock's thread at every tick.</summary>
    /// <param name="now">The tick's timestamp.</param>
    /// <param name="keepAlive">The keep-alive interval in timestamp ticks; 0 when off.</param>
    /// <param name="writeTimeout">The write timeout in timestamp ticks; 0 when off.</param>
    public void OnTick(long now, long keepAlive, long writeTimeout)
    {
        var started = Volatile.Read(ref _flushStarted);
        if (started > NoFlush)
        {
            // A flush in flight: the client is being written to, so no keep-alive; only the deadline matters.
            if (writeTimeout > 0 && now - _origin - started >= writeTimeout &&
                Interlocked.CompareExchange(ref _flushStarted, TimedOut, started) == started)
            {
                _pipe.CancelPendingFlush();
            }

            return;
        }

        if (KeepAliveDue(now, keepAlive))
        {
            // The loop decides again, with the same test, whether to write one; this only wakes it.
            _wakeup.Signal();
        }
    }
}
