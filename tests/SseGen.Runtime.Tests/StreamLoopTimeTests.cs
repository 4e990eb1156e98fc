using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// The stream loop on a <see cref="FakeTimeProvider"/> (the app's <see cref="TimeProvider"/>
/// service): the flush bound, keep-alives and the cancellation grace happen at the fake times they
/// are due and at no other, whatever the machine's load.
/// </summary>
public sealed class StreamLoopTimeTests
{
    // How long a negative check gives the loop to do what it must not: it reacts in microseconds.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Theory]
    [InlineData(2, 12, 4)] // the oldest event waits at most 5 ms: 4 events of 2 ms a flush
    [InlineData(6, 4, 1)]  // a producer that takes over 5 ms an event has each sent at once
    [InlineData(0, 12, 12)] // made in no time: one write at the end
    public async Task A_producer_that_is_always_ready_is_flushed_when_the_oldest_event_has_waited_5_ms(int msPerEvent, int events, int perFlush)
    {
        var time = new FakeTimeProvider();
        var (host, context, body) = Start(time, o => o.KeepAliveInterval = TimeSpan.Zero);

        await host.RunAsync(context, "FlushBound", ReadyEvents(time, events, TimeSpan.FromMilliseconds(msPerEvent)), new TextItemFormatter(), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        var counts = body.Flushes.Select(f => f.Split("data: ").Length - 1).ToArray();
        Assert.True(counts.All(c => c == perFlush) && counts.Sum() == events, $"Events per flush: {string.Join(", ", counts)}; expected {perFlush} each.");
    }

    [Fact]
    public async Task A_keep_alive_is_written_once_the_stream_was_silent_for_the_interval_and_not_a_tick_before()
    {
        var time = new FakeTimeProvider();
        var (host, context, body) = Start(time, o => o.KeepAliveInterval = TimeSpan.FromSeconds(8));
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(context, "KeepAlive", OneThenWait(release.Task), new TextItemFormatter(), cts.Token);
        await body.WaitForAsync(t => t == "data: first\n\n", "the first event");
        // The flush is recorded as done a moment after its bytes arrived: let the loop get there first.
        await Task.Delay(Quiet);

        // The clock ticks every second (an eighth of the interval); the seventh is still a second early.
        for (var tick = 1; tick <= 7; tick++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(Quiet);
            Assert.True(body.Text == "data: first\n\n", $"Something was written {tick} s after the event: {body.Text}");
        }

        time.Advance(TimeSpan.FromSeconds(1));
        await body.WaitForAsync(t => t == "data: first\n\n: keep-alive\n\n", "the keep-alive at 8 s");

        // The silence is counted again from the keep-alive.
        await Task.Delay(Quiet);
        time.Advance(TimeSpan.FromSeconds(7));
        await Task.Delay(Quiet);
        Assert.Equal(2, body.Flushes.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await body.WaitForAsync(t => t.EndsWith(": keep-alive\n\n: keep-alive\n\n", StringComparison.Ordinal), "the second keep-alive");

        release.SetResult();
        await run.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_producer_that_ignores_its_token_gets_250_ms_of_grace_then_the_response_ends_and_its_owner_waits_for_its_finally()
    {
        var time = new GraceWatchingTime();
        var (host, context, body) = Start(time, o => o.KeepAliveInterval = TimeSpan.Zero);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var timeline = new List<string>();
        using var cts = new CancellationTokenSource();
        var run = host.RunAsync(context, "Grace", OneThenWait(release.Task, timeline), new TextItemFormatter(), cts.Token, new Owner(timeline));
        await body.WaitForAsync(t => t == "data: first\n\n", "the first event");

        await cts.CancelAsync();
        // The grace is counted from when the loop starts it: advancing the clock before would not count.
        var started = await Task.WhenAny(time.GraceStarted, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(started == time.GraceStarted, "The loop started no 250 ms timer on the app's TimeProvider for the grace.");
        await Task.Delay(Quiet);
        Assert.False(run.IsCompleted, "The response ended without waiting for the producer at all.");
        time.Advance(TimeSpan.FromMilliseconds(249));
        await Task.Delay(Quiet);
        Assert.False(run.IsCompleted, "The response ended before the grace was over.");

        time.Advance(TimeSpan.FromMilliseconds(1));
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        lock (timeline)
        {
            Assert.Empty(timeline);
        }

        // The producer finally yields: its finally runs, and only then is its owner disposed.
        release.SetResult();
        await body.WaitForAsync(_ => { lock (timeline) { return timeline.Count == 2; } }, "the teardown");
        Assert.Equal(["finally", "owner disposed"], timeline);
    }

    private static (SseEndpointHost Host, DefaultHttpContext Context, RecordingBody Body) Start(FakeTimeProvider time, Action<SseOptions> configure)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(time);
        services.Configure<SseOptions>(o =>
        {
            o.WriteTimeout = Timeout.InfiniteTimeSpan;
            configure(o);
        });
        var provider = services.BuildServiceProvider();
        var body = new RecordingBody();
        var context = new DefaultHttpContext { RequestServices = provider };
        context.Response.Body = body;
        return (SseEndpointHost.Create(provider), context, body);
    }

    /// <summary>Every event is ready at once, after <paramref name="work"/> of the fake clock.</summary>
    private static async IAsyncEnumerable<string?> ReadyEvents(FakeTimeProvider time, int count, TimeSpan work)
    {
        await Task.CompletedTask;
        for (var n = 1; n <= count; n++)
        {
            time.Advance(work);
            yield return "item " + n;
        }
    }

    /// <summary>One event, then a wait that ignores the token until <paramref name="release"/>.</summary>
    private static async IAsyncEnumerable<string?> OneThenWait(Task release, List<string>? timeline = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        try
        {
            yield return "first";
            await release;
            yield return "late";
        }
        finally
        {
            if (timeline is not null)
            {
                lock (timeline)
                {
                    timeline.Add("finally");
                }
            }
        }
    }

    /// <summary>A fake clock that says when a timer of the cancellation grace's length is created on it.</summary>
    private sealed class GraceWatchingTime : FakeTimeProvider
    {
        private readonly TaskCompletionSource _graceStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task GraceStarted => _graceStarted.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            if (dueTime == TimeSpan.FromMilliseconds(250))
            {
                _graceStarted.TrySetResult();
            }

            return timer;
        }
    }

    private sealed class Owner(List<string> timeline) : IDisposable
    {
        public void Dispose()
        {
            lock (timeline)
            {
                timeline.Add("owner disposed");
            }
        }
    }
}
