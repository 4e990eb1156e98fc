using System.Collections.Concurrent;

namespace SseGen.Client.Tests;

/// <summary>
/// Real time, faster: every timer fires after its due time divided by <c>scale</c>, and every due time asked for is
/// recorded, so a test reads the delays the client chose (minutes of backoff) in a fraction of a second. Time the client
/// spends on connections is not counted, so "time" here is the client's waiting only: a rate read from it is an upper
/// bound on the real one.
/// </summary>
public sealed class ScaledTimeProvider(double scale) : TimeProvider
{
    private long _waitedTicks;

    /// <summary>Every finite, positive due time asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    /// <summary>The sum of <see cref="Delays"/>.</summary>
    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Record(dueTime);
        return new ScaledTimer(this, System.CreateTimer(callback, state, Scale(dueTime), Scale(period)));
    }

    private void Record(TimeSpan dueTime)
    {
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
            Interlocked.Add(ref _waitedTicks, dueTime.Ticks);
        }
    }

    private TimeSpan Scale(TimeSpan t) => t <= TimeSpan.Zero ? t : TimeSpan.FromTicks((long)(t.Ticks / scale));

    private sealed class ScaledTimer(ScaledTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            owner.Record(dueTime);
            return inner.Change(owner.Scale(dueTime), owner.Scale(period));
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
