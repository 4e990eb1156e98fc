using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class LatencyEndpoints
{
    /// <summary>
    /// Items that each take <paramref name="workMs"/> of synchronous work: every MoveNextAsync
    /// completes synchronously, so the loop never sees the producer wait.
    /// </summary>
    [SseEndpoint("/latency/sync-work")]
    public static async IAsyncEnumerable<Seq> SyncWork(int count, int workMs, ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
        }

        for (var n = 1; n <= count; n++)
        {
#pragma warning disable SSE006 // The point of this endpoint: a producer that blocks, so MoveNextAsync completes synchronously.
            Thread.Sleep(workMs);
#pragma warning restore SSE006
            probe.MadeAt[n] = Stopwatch.GetTimestamp();
            yield return new Seq(n);
        }
    }
}

/// <summary>An item the producer has made reaches the client within a few milliseconds, even when the producer never waits.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class LatencyTests(ITestOutputHelper output)
{
    // The bound is 5 ms in the buffer; the rest is the loopback and a busy 2-core machine.
    private static readonly TimeSpan Allowed = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Items_of_a_slow_synchronous_producer_are_each_sent_as_soon_as_they_are_made()
    {
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<FlushCounter>(), FlushCounter.UseFlushCounting);

        await WarmUpAsync(server);

        var latencies = await ReadLatenciesAsync(server, "/latency/sync-work?count=8&workMs=100", 8);

        output.WriteLine("latency per item (ms): " + string.Join(", ", latencies.Select(l => l.TotalMilliseconds.ToString("F1"))));
        Assert.True(latencies.Max() < Allowed, $"An item waited {latencies.Max().TotalMilliseconds:F0} ms after it was made.");
    }

    [Fact]
    public async Task Small_items_made_a_millisecond_apart_are_coalesced_yet_none_waits_more_than_a_few_milliseconds()
    {
        const int Count = 300;
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<FlushCounter>(), FlushCounter.UseFlushCounting);

        await WarmUpAsync(server);
        var flushesBefore = server.App.Services.GetRequiredService<FlushCounter>().Flushes;

        var latencies = await ReadLatenciesAsync(server, $"/latency/sync-work?count={Count}&workMs=1", Count);

        var flushes = server.App.Services.GetRequiredService<FlushCounter>().Flushes - flushesBefore;
        var sorted = latencies.Order().ToArray();
        output.WriteLine($"{Count} items, {flushes} flushes; latency p50 {sorted[Count / 2].TotalMilliseconds:F2} ms, p99 {sorted[Count * 99 / 100].TotalMilliseconds:F2} ms, max {sorted[^1].TotalMilliseconds:F2} ms");
        Assert.True(sorted[^1] < Allowed, $"An item waited {sorted[^1].TotalMilliseconds:F0} ms after it was made.");
        Assert.True(flushes < Count / 2, $"{flushes} flushes for {Count} items made a millisecond apart: nothing was coalesced.");
    }

    /// <summary>
    /// One short, unmeasured stream of the same shape: the first stream of a fresh process pays for
    /// the JIT, the connection, and the thread pool growing past its two starting threads while the
    /// producer blocks one (up to half a second here), none of which is latency of ours.
    /// </summary>
    private static Task WarmUpAsync(TestServer server) => ReadLatenciesAsync(server, "/latency/sync-work?count=4&workMs=60", 4);

    /// <summary>
    /// Reads the stream and returns, per item, the time from when it was made to when the client had
    /// it. The client reads synchronously on a thread of its own, as a client on another machine
    /// would: the producer keeps thread-pool threads busy, and an in-process reader waiting for one
    /// would measure the pool, not the stream.
    /// </summary>
    private static async Task<TimeSpan[]> ReadLatenciesAsync(TestServer server, string path, int count)
    {
        var client = server.CreateClient();
        var done = new TaskCompletionSource<List<(int N, long At)>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new Thread(() =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                using var stream = response.Content.ReadAsStream();
                var arrivedAt = new List<(int N, long At)>();
                foreach (var item in SseParser.Create(stream).Enumerate())
                {
                    arrivedAt.Add((int.Parse(item.Data.AsSpan(5, item.Data.Length - 6), System.Globalization.CultureInfo.InvariantCulture), Stopwatch.GetTimestamp()));
                }

                done.SetResult(arrivedAt);
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }) { IsBackground = true };
        reader.Start();

        var arrived = await done.Task.WaitAsync(TestServer.Timeout);
        Assert.Equal(Enumerable.Range(1, count), arrived.Select(a => a.N));
        return [.. arrived.Select(a => Stopwatch.GetElapsedTime(server.Probe.MadeAt[a.N], a.At))];
    }
}
