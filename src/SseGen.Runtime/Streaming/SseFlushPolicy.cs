using System;

namespace SseGen.Infrastructure;

/// <summary>
/// Whether the events written since the last flush go out now although the producer already has
/// the next one ready. A producer with nothing ready is always flushed by the loop; this decides
/// for the one that keeps completing <c>MoveNextAsync</c> synchronously: flush once the buffer
/// holds <see cref="SizeThreshold"/> bytes, once its oldest event has waited
/// <see cref="MaxBufferDelay"/>, or at once when the producer took that long to make this event
/// (its next will likely take as long).
/// </summary>
/// <remarks>
/// Pure: the loop passes in the time (its <see cref="TimeProvider"/>'s timestamps) and the buffered
/// size; nothing here reads a clock or writes, so a table of numbers tests it.
/// </remarks>
internal struct SseFlushPolicy
{
    /// <summary>A producer that is always ready would otherwise buffer the whole stream in memory.</summary>
    internal const int SizeThreshold = 16 * 1024;

    /// <summary>The longest a written event waits in the buffer for more events to join it.</summary>
    internal static readonly TimeSpan MaxBufferDelay = TimeSpan.FromMilliseconds(5);

    private readonly long _maxDelay;
    private long _lastEventAt;
    private long _bufferedSince;
    private bool _buffering;

    /// <param name="now">The stream's start, as a timestamp of <paramref name="timestampFrequency"/>.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second (<see cref="TimeProvider.TimestampFrequency"/>).</param>
    public SseFlushPolicy(long now, long timestampFrequency)
    {
        _maxDelay = SseStreamClock.ToTimestampTicks(MaxBufferDelay, timestampFrequency);
        _lastEventAt = now;
    }

    /// <summary>An event was written at <paramref name="now"/>; the buffer now holds <paramref name="unflushedBytes"/>.</summary>
    public SseFlushDecision EventWritten(long now, long unflushedBytes)
    {
        var slowProducer = now - _lastEventAt >= _maxDelay;
        _lastEventAt = now;
        if (!_buffering)
        {
            _bufferedSince = now;
            _buffering = true;
        }

        if (slowProducer || now - _bufferedSince >= _maxDelay)
        {
            return SseFlushDecision.Time;
        }

        return unflushedBytes >= SizeThreshold ? SseFlushDecision.Size : SseFlushDecision.Wait;
    }

    /// <summary>The buffer went out (an event flush, a keep-alive, the first wait): nothing waits in it any more.</summary>
    public void Flushed() => _buffering = false;
}
