using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The stream loop's wake-up under every interleaving threads can produce: signals from several
/// threads at any time (some of them stale), a waiter that arms, re-checks and either disarms or
/// awaits. No signal for an armed wait may be lost, none may complete a later wait by itself
/// being stale in a way that throws, and nothing may crash.
/// </summary>
public sealed class WakeupTests
{
    [Fact]
    public async Task A_waiter_sees_every_condition_signalled_from_other_threads_and_nothing_throws()
    {
        var wakeup = new SseWakeup();
        long produced = 0;
        const long Target = 20_000;
        using var stop = new CancellationTokenSource();
        // The producers start only once the waiter runs: on a busy thread pool it may start late,
        // and a waiter that finds everything already produced would prove nothing.
        using var waiterRunning = new ManualResetEventSlim();

        // Producers: make the condition true, then signal, as the producer's continuation does.
        // Dedicated threads, so their pauses never starve the thread pool the waiter resumes on.
        var producers = Enumerable.Range(0, 2).Select(_ => StartThread(() =>
        {
            var mine = 0;
            waiterRunning.Wait(TimeSpan.FromSeconds(30));
            while (!stop.IsCancellationRequested && Interlocked.Read(ref produced) < Target)
            {
                Interlocked.Increment(ref produced);
                // Both ways a producer's completion signals: queued, or the waiter run on this thread.
                if (mine % 2 == 0)
                {
                    wakeup.Signal();
                }
                else
                {
                    wakeup.SignalInline();
                }
                // Short runs at full speed, then a pause in which the waiter catches up and has to await.
                if (++mine % 50 == 0)
                {
                    Thread.Sleep(1);
                }
                else
                {
                    Thread.SpinWait(Random.Shared.Next(200));
                }
            }
        })).ToArray();

        // A stray signaller, as a keep-alive tick or a late continuation: signals that match no condition.
        var stray = StartThread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                wakeup.Signal();
                Thread.SpinWait(Random.Shared.Next(50));
            }
        });

        var waiter = Task.Run(async () =>
        {
            waiterRunning.Set();
            long seen = 0;
            var waits = 0;
            while (seen < Target)
            {
                var wait = wakeup.Arm();
                var now = Interlocked.Read(ref produced);
                if (now > seen)
                {
                    wakeup.Disarm();
                    seen = now;
                    continue;
                }

                await wait;
                waits++;
            }

            return waits;
        });

        var finished = await Task.WhenAny(waiter, Task.Delay(TimeSpan.FromSeconds(30)));
        stop.Cancel();
        foreach (var thread in producers.Append(stray))
        {
            thread.Join();
        }

        Assert.True(finished == waiter, "The waiter hung: a signal for an armed wait was lost.");
        Assert.True(await waiter > 0, "The waiter never had to wait, so the test proved nothing about waiting.");
    }

    private static Thread StartThread(Action body)
    {
        var thread = new Thread(() => body()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    [Fact]
    public async Task A_signal_before_the_await_completes_the_armed_wait_and_a_signal_with_none_armed_is_dropped()
    {
        var wakeup = new SseWakeup();
        wakeup.Signal();
        var wait = wakeup.Arm();
        Assert.False(wait.IsCompleted, "A signal raised before Arm reached the new wait.");

        wakeup.Signal();
        Assert.True(wait.IsCompleted);
        await wait;

        var next = wakeup.Arm();
        Assert.False(next.IsCompleted, "A signal was delivered twice.");
        wakeup.Disarm();
    }

    [Fact]
    public async Task A_continuation_runs_once_and_never_inline_in_Signal()
    {
        var wakeup = new SseWakeup();
        var wait = wakeup.Arm();
        var signallingThread = -1;
        var task = Task.Run(async () =>
        {
            await wait;
            return Environment.CurrentManagedThreadId;
        });
        await Task.Delay(50);

        var signal = new Thread(() =>
        {
            signallingThread = Environment.CurrentManagedThreadId;
            wakeup.Signal();
            Thread.Sleep(200);
        });
        signal.Start();
        var resumedOn = await task.WaitAsync(TimeSpan.FromSeconds(5));
        signal.Join();

        Assert.NotEqual(signallingThread, resumedOn);
    }

    [Fact]
    public async Task Reading_a_completed_wait_a_second_time_throws_instead_of_reading_a_later_one()
    {
        var wakeup = new SseWakeup();
        var wait = wakeup.Arm();
        wakeup.Signal();
        await wait;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await wait);
    }

    [Fact]
    public async Task SignalInline_runs_the_continuation_on_the_signalling_thread_before_it_returns_and_only_once()
    {
        var wakeup = new SseWakeup();
        var wait = wakeup.Arm();
        var resumedOn = -1;
        var resumptions = 0;
        var task = Task.Run(async () =>
        {
            await wait;
            resumedOn = Environment.CurrentManagedThreadId;
            Interlocked.Increment(ref resumptions);
        });
        // The await must be registered before the signal, or there is nothing to run inline.
        await Task.Delay(100);

        var signallingThread = -1;
        var resumedBeforeReturn = false;
        var signal = new Thread(() =>
        {
            signallingThread = Environment.CurrentManagedThreadId;
            wakeup.SignalInline();
            resumedBeforeReturn = Volatile.Read(ref resumptions) == 1;
            wakeup.SignalInline();
            wakeup.Signal();
        });
        signal.Start();
        signal.Join();
        await task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);

        Assert.Equal(signallingThread, resumedOn);
        Assert.True(resumedBeforeReturn, "SignalInline returned before the waiter had run.");
        Assert.Equal(1, Volatile.Read(ref resumptions));
    }
}
