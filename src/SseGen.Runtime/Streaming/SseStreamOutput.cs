using System;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Infrastructure;

/// <summary>
/// One stream's bytes on their way out: the frame writer over the response pipe, when to flush what
/// it buffered (<see cref="SseFlushPolicy"/>), and every flush done under the write timeout (its
/// <see cref="SseFlushWatchdog"/>) and counted in the meter.
/// </summary>
internal sealed class SseStreamOutput
{
    private readonly TimeProvider _time;
    private readonly SseMetrics _metrics;
    private readonly string _endpoint;
    private SseFlushPolicy _policy;
    private long _eventsUnflushed;

    public SseStreamOutput(SseFrameWriter frame, SseWakeup wakeup, TimeProvider time, SseMetrics metrics, string endpoint)
    {
        Frame = frame;
        _time = time;
        _metrics = metrics;
        _endpoint = endpoint;
        var now = time.GetTimestamp();
        Watchdog = new SseFlushWatchdog(frame.Pipe, wakeup, now);
        _policy = new SseFlushPolicy(now, time.TimestampFrequency);
    }

    public SseFrameWriter Frame { get; }

    /// <summary>What the app-wide clock watches: silence for keep-alives, a stalled flush for the write timeout.</summary>
    public SseFlushWatchdog Watchdog { get; }

    /// <summary>Events written so far, sent or not.</summary>
    public long Events { get; private set; }

    public bool HasUnflushed => Frame.UnflushedBytes > 0;

    /// <summary>Counts an event the loop just framed and says whether to flush although the producer has the next one ready.</summary>
    public SseFlushDecision EventWritten()
    {
        Events++;
        _eventsUnflushed++;
        return _policy.EventWritten(_time.GetTimestamp(), Frame.UnflushedBytes);
    }

    /// <summary>Whether the stream has been silent for the keep-alive interval of <paramref name="clock"/>.</summary>
    public bool KeepAliveDue(SseStreamClock clock) => Watchdog.KeepAliveDue(_time.GetTimestamp(), clock.KeepAlive);

    /// <summary>
    /// Puts everything framed on the wire; null when it went out, else why the stream must end:
    /// <see cref="SseStreamEndReason.WriteTimeout"/> (the clock cut the flush) or
    /// <see cref="SseStreamEndReason.ClientGone"/> (the pipe is closed).
    /// </summary>
    public async ValueTask<SseStreamEndReason?> FlushAsync(CancellationToken token)
    {
        Watchdog.BeginFlush(_time.GetTimestamp());
        var bytes = Frame.UnflushedBytes;
        var events = _eventsUnflushed;
        _eventsUnflushed = 0;
        FlushResult result;
        bool inTime;
        try
        {
            Frame.Commit();
            result = await Frame.Pipe.FlushAsync(token);
        }
        finally
        {
            inTime = Watchdog.EndFlush(_time.GetTimestamp());
            Frame.MarkFlushed();
            _policy.Flushed();
        }

        if (!inTime)
        {
            return SseStreamEndReason.WriteTimeout;
        }

        if (result.IsCanceled || result.IsCompleted)
        {
            return SseStreamEndReason.ClientGone;
        }

        var endpoint = SseMetrics.Endpoint(_endpoint);
        _metrics.BytesSent.Add(bytes, endpoint);
        if (events > 0)
        {
            _metrics.EventsSent.Add(events, endpoint);
        }

        return null;
    }
}
