using System.IO.Pipelines;
using Microsoft.Extensions.Time.Testing;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// A keep-alive's own flush completes a moment after the clock's tick that woke the stream. The next
/// one must still come one interval later, not one period after that (the idle-scale benchmark saw
/// 16 s between keep-alives at a 15 s interval).
/// </summary>
public sealed class KeepAliveCadenceTests
{
    [Fact]
    public void A_keep_alive_whose_flush_ended_after_its_tick_is_due_again_at_the_tick_one_interval_later()
    {
        var time = new FakeTimeProvider();
        using var clock = new SseStreamClock(time, keepAliveInterval: TimeSpan.FromSeconds(15), writeTimeout: null);
        Assert.Equal(TimeSpan.FromSeconds(1), clock.Period);
        var watchdog = new SseFlushWatchdog(new Pipe().Writer, new SseWakeup(), time.GetTimestamp());

        // The tick at 15 s wakes the stream; its keep-alive is on the wire 200 ms later.
        var tick = time.GetTimestamp() + Ticks(time, TimeSpan.FromSeconds(15));
        Assert.True(watchdog.KeepAliveDue(tick, clock.KeepAlive), "The first keep-alive was not due after 15 s of silence.");
        watchdog.BeginFlush(tick);
        watchdog.EndFlush(tick + Ticks(time, TimeSpan.FromMilliseconds(200)));

        var nextTick = tick + Ticks(time, TimeSpan.FromSeconds(15));
        Assert.True(watchdog.KeepAliveDue(nextTick, clock.KeepAlive), "The tick 15 s after the last keep-alive's tick found it not yet due: it comes a period late.");
        var tickBefore = nextTick - Ticks(time, TimeSpan.FromSeconds(1));
        Assert.False(watchdog.KeepAliveDue(tickBefore, clock.KeepAlive), "A keep-alive was due a whole period early.");
    }

    private static long Ticks(TimeProvider time, TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);
}
