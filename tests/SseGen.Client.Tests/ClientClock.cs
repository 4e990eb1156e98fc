using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SseGen.Client.Tests;

/// <summary>
/// The client's clock in a test (<see cref="SseClientOptions.TimeProvider"/>): a <see cref="FakeTimeProvider"/>, so time
/// moves only when the test moves it and what a test asserts about delays and timeouts does not depend on how busy the
/// machine is. It also records every wait the client starts (a reconnect delay, the idle timer armed for a read) and lets
/// a test await one. Waits that <c>autoAdvance</c> accepts end as soon as they start, at their due time on this clock
/// (reconnect delays a test does not look at), so only the waits under test need a hand on the clock.
/// </summary>
public sealed class ClientClock(Func<TimeSpan, bool>? autoAdvance = null) : FakeTimeProvider
{
    /// <summary>How long a test waits, in real time, for the client to start a wait before it fails.</summary>
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(10);

    private readonly Func<TimeSpan, bool> _autoAdvance = autoAdvance ?? (_ => false);
    private readonly List<RecordingTimer> _pending = [];
    private readonly Lock _advancing = new();

    /// <summary>A clock on which every wait ends as soon as it starts.</summary>
    public static ClientClock Instant() => new(_ => true);

    /// <summary>A clock on which every wait but <paramref name="idleTimeout"/> ends as soon as it starts.</summary>
    public static ClientClock AllBut(TimeSpan idleTimeout) => new(d => d != idleTimeout);

    /// <summary>Every finite, positive wait asked for, in order.</summary>
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    /// <summary>How many waits of <paramref name="length"/> have started.</summary>
    public int Started(TimeSpan length) => Delays.Count(d => d == length);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordingTimer(this);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Disarm();
                callback(s);
            },
            state,
            dueTime,
            period);
        timer.Arm(dueTime);
        return timer;
    }

    /// <summary>Waits until a wait whose length <paramref name="match"/>es is pending, and returns how long it has left.</summary>
    public async Task<TimeSpan> PendingAsync(Func<TimeSpan, bool> match, string what)
    {
        await UntilAsync(() => Find(match) is not null, what);
        return Find(match)!.DueAt - GetUtcNow();
    }

    /// <summary>Waits until a wait whose length <paramref name="match"/>es is pending, and moves time to its end, so it fires.</summary>
    public async Task<TimeSpan> AdvancePastAsync(Func<TimeSpan, bool> match, string what)
    {
        var left = await PendingAsync(match, what);
        lock (_advancing)
        {
            Advance(left);
        }

        return left;
    }

    /// <summary>Waits, in real time, until <paramref name="condition"/> holds; fails naming <paramref name="what"/> and the pending waits.</summary>
    public async Task UntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > RealTimeLimit)
            {
                string pending;
                lock (_pending)
                {
                    pending = string.Join(", ", _pending.Select(t => $"{t.Length} ({t.DueAt - GetUtcNow()} left)"));
                }

                throw new TimeoutException($"Waited {RealTimeLimit.TotalSeconds} s for {what}. Waits pending: [{pending}]; all waits started: [{string.Join(", ", Delays)}].");
            }

            await Task.Delay(1);
        }
    }

    private RecordingTimer? Find(Func<TimeSpan, bool> match)
    {
        lock (_pending)
        {
            return _pending.FirstOrDefault(t => match(t.Length));
        }
    }

    private void AdvanceTo(DateTimeOffset dueAt)
    {
        lock (_advancing)
        {
            var now = GetUtcNow();
            if (dueAt > now)
            {
                Advance(dueAt - now);
            }
        }
    }

    private sealed class RecordingTimer(ClientClock owner) : ITimer
    {
        public ITimer Inner { get; set; } = null!;

        public TimeSpan Length { get; private set; }

        public DateTimeOffset DueAt { get; private set; }

        /// <summary>Called after the inner timer is set, so a test that sees this wait can already make it fire.</summary>
        public void Arm(TimeSpan dueTime)
        {
            Disarm();
            if (dueTime <= TimeSpan.Zero || dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            Length = dueTime;
            DueAt = owner.GetUtcNow() + dueTime;
            owner.Delays.Enqueue(dueTime);
            lock (owner._pending)
            {
                owner._pending.Add(this);
            }

            if (owner._autoAdvance(dueTime))
            {
                var dueAt = DueAt;
                ThreadPool.QueueUserWorkItem(_ => owner.AdvanceTo(dueAt));
            }
        }

        public void Disarm()
        {
            lock (owner._pending)
            {
                owner._pending.Remove(this);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = Inner.Change(dueTime, period);
            Arm(dueTime);
            return changed;
        }

        public void Dispose()
        {
            Disarm();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Disarm();
            return Inner.DisposeAsync();
        }
    }
}
