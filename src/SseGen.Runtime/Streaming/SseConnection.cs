using System;
using System.IO.Pipelines;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// What the app-wide <see cref="SseStreamClock"/> knows of one open stream: when its last flush
/// completed (for keep-alives) and when its current flush began (for the write timeout). The clock
/// only wakes the loop or cancels a flush; only the loop ever writes.
/// </summary>
internal sealed class SseConnection
{
    // _flushStarted is 0 while no flush is in flight, the flush's start timestamp while one is, and
    // TimedOut once the clock cut it: a stalled reader's stream then ends.
    private const long TimedOut = -1;

    private readonly PipeWriter _pipe;
    private long _lastFlush;
    private long _flushStarted;
    private int _producerReady;

    public SseConnection(PipeWriter pipe, long now)
    {
        _pipe = pipe;
        _lastFlush = now;
        _onProducerReady = OnProducerReady;
    }

    /// <summary>The loop's wake-up.</summary>
    public SseWakeup Wakeup { get; } = new();

    private readonly Action _onProducerReady;

    /// <summary>
    /// True once the continuation registered by <see cref="WatchProducer"/> has run. Only then may the
    /// loop consume the item: <c>IsCompleted</c> turns true a moment before the producer invokes the
    /// continuation, and a <c>MoveNextAsync</c> issued in that moment resets the producer's promise
    /// under the continuation that is still being invoked (its state reads null: a crash).
    /// </summary>
    public bool ProducerReady => Volatile.Read(ref _producerReady) == 1;

    /// <summary>Registers the (cached, allocation-free) continuation on the producer's pending MoveNextAsync.</summary>
    public void WatchProducer(System.Threading.Tasks.ValueTask<bool> pending)
    {
        Volatile.Write(ref _producerReady, 0);
        pending.GetAwaiter().UnsafeOnCompleted(_onProducerReady);
    }

    private void OnProducerReady()
    {
        Volatile.Write(ref _producerReady, 1);
        Wakeup.Signal();
    }

    /// <summary>When the last flush completed: the client has heard nothing since (Stopwatch timestamp).</summary>
    public long LastFlush => Volatile.Read(ref _lastFlush);

    public void BeginFlush(long now) => Volatile.Write(ref _flushStarted, now);

    /// <summary>Ends a flush; false when the write timeout cut it.</summary>
    public bool EndFlush(long now)
    {
        Volatile.Write(ref _lastFlush, now);
        return Interlocked.Exchange(ref _flushStarted, 0) != TimedOut;
    }

    /// <summary>Called on the clock's thread at every tick.</summary>
    /// <param name="now">The tick's Stopwatch timestamp.</param>
    /// <param name="keepAlive">The keep-alive interval in Stopwatch ticks; 0 when off.</param>
    /// <param name="writeTimeout">The write timeout in Stopwatch ticks; 0 when off.</param>
    public void OnTick(long now, long keepAlive, long writeTimeout)
    {
        var started = Volatile.Read(ref _flushStarted);
        if (started > 0)
        {
            // A flush in flight: the client is being written to, so no keep-alive; only the deadline matters.
            if (writeTimeout > 0 && now - started >= writeTimeout &&
                Interlocked.CompareExchange(ref _flushStarted, TimedOut, started) == started)
            {
                _pipe.CancelPendingFlush();
            }

            return;
        }

        if (keepAlive > 0 && now - LastFlush >= keepAlive)
        {
            // The loop decides from the same clock whether a keep-alive is due; this only wakes it.
            Wakeup.Signal();
        }
    }
}
