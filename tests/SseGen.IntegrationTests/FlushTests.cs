using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class FlushEndpoints
{
    public const int BurstCount = 10_000;
    public const int PacedCount = 100;
    public const int GatedCount = 20;

    /// <summary>Every item ready at once: no await between them.</summary>
    [SseEndpoint("/flush/burst")]
    public static async IAsyncEnumerable<Seq> Burst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        for (var n = 1; n <= BurstCount; n++)
        {
            yield return new Seq(n);
        }
    }

    /// <summary>Never waits: every item is always ready (bounded only as a safety net).</summary>
    [SseEndpoint("/flush/always-ready")]
    public static async IAsyncEnumerable<Seq> AlwaysReady(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            for (var n = 1; n <= 20_000_000; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                probe.YieldedOne();
                yield return new Seq(n);
            }
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }

    /// <summary>A real wait before every item.</summary>
    [SseEndpoint("/flush/paced")]
    public static async IAsyncEnumerable<Seq> Paced([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= PacedCount; n++)
        {
            await Task.Delay(1, cancellationToken);
            yield return new Seq(n);
        }
    }

    /// <summary>Yields item n, then waits until the test has received it before producing item n + 1.</summary>
    [SseEndpoint("/flush/gated")]
    public static async IAsyncEnumerable<Seq> Gated(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= GatedCount; n++)
        {
            if (n > 1)
            {
                await probe.Gate.WaitAsync(cancellationToken);
            }

            probe.YieldedOne();
            yield return new Seq(n);
        }
    }
}

public sealed class FlushTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_burst_of_ready_items_is_written_with_far_fewer_flushes_than_items()
    {
        await using var server = await StartCountingAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/flush/burst");

        var counter = server.App.Services.GetRequiredService<FlushCounter>();
        output.WriteLine($"{events.Count} items, {counter.Flushes} flushes, {counter.Advances} advances");
        Assert.Equal(Enumerable.Range(1, FlushEndpoints.BurstCount).Select(n => $"{{\"n\":{n}}}"), events.Select(e => e.Data));
        Assert.True(counter.Flushes < FlushEndpoints.BurstCount / 50, $"{counter.Flushes} flushes for {FlushEndpoints.BurstCount} ready items.");
        Assert.True(counter.Flushes > 0);
    }

    [Fact]
    public async Task Items_with_a_wait_between_them_are_each_flushed()
    {
        await using var server = await StartCountingAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/flush/paced");

        var counter = server.App.Services.GetRequiredService<FlushCounter>();
        output.WriteLine($"{events.Count} items, {counter.Flushes} flushes");
        Assert.Equal(FlushEndpoints.PacedCount, events.Count);
        // A Task.Delay can (rarely) finish before the loop looks, merging two items; nearly all are flushed alone.
        Assert.InRange(counter.Flushes, FlushEndpoints.PacedCount * 9 / 10, FlushEndpoints.PacedCount + 2);
    }

    [Fact]
    public async Task Each_item_reaches_the_client_before_the_producer_makes_the_next()
    {
        await using var server = await StartCountingAsync();
        var probe = server.Probe;
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/flush/gated", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);

        var received = 0;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            received++;
            Assert.Equal($"{{\"n\":{received}}}", item.Data);
            // The producer cannot have made the next item: it is waiting for this release.
            Assert.Equal(received, probe.Yielded);
            probe.Gate.Release();
        }

        var counter = server.App.Services.GetRequiredService<FlushCounter>();
        output.WriteLine($"{received} items, {counter.Flushes} flushes");
        Assert.Equal(FlushEndpoints.GatedCount, received);
        Assert.InRange(counter.Flushes, FlushEndpoints.GatedCount, FlushEndpoints.GatedCount + 2);
    }

    [Fact]
    public async Task A_producer_that_is_always_ready_still_reaches_the_client_and_is_held_back_by_a_slow_client()
    {
        await using var server = await StartCountingAsync();
        var probe = server.Probe;
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(server.CreateClient(), "/flush/always-ready", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);

        // The producer never pauses, so only the size threshold can put its items on the wire.
        var received = 0;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            Assert.Equal($"{{\"n\":{++received}}}", item.Data);
            if (received == 1000)
            {
                break;
            }
        }

        // The client stops reading: once the transport's buffers are full, flushes wait and so does the producer.
        int before, after;
        var attempts = 0;
        do
        {
            before = probe.Yielded;
            await Task.Delay(200, cts.Token);
            after = probe.Yielded;
        }
        while (before != after && ++attempts < 25);

        output.WriteLine($"producer held at {after} items ({after * 10L / 1024} KiB or so) after {attempts} checks; {server.App.Services.GetRequiredService<FlushCounter>().Flushes} flushes");
        Assert.Equal(before, after);
        Assert.True(after < 2_000_000, $"The producer ran {after} items ahead of a client that stopped reading.");

        response.Dispose();
        await probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(1));
        await server.Logs.WaitForStreamEndAsync();
        Assert.Empty(server.Logs.Errors);
    }

    private static Task<TestServer> StartCountingAsync() =>
        TestServer.StartAsync(services => services.AddSingleton<FlushCounter>(), FlushCounter.UseFlushCounting);
}
