using System.Diagnostics;

namespace SseGen.Benchmarks;

/// <param name="ReaderCpuMicrosPerEvent">The reader's CPU time per event: curl's own (user + system), or this whole process's for HttpClient.</param>
internal sealed record BurstResult(Peer Peer, Reader Reader, int YieldEvery, int Events, IReadOnlyList<double> EventsPerSecond, double MegabytesPerSecond, double? ServerBytesPerEvent, double ServerCpuPercent, double ServerCpuMicrosPerEvent, double ReaderCpuMicrosPerEvent, string FirstData)
{
    public double Median => Stats.Median(EventsPerSecond);
}

internal sealed record IdleResult(Peer Peer, int Connections, double HeapBytesPerConnection, double WorkingSetBytesPerConnection, string HeapKind);

/// <summary>The burst and idle scenarios (the fan-out: <see cref="FanoutScenario"/>), each run against one peer's freshly started server.</summary>
internal static class Scenarios
{
    /// <summary>
    /// One connection, <see cref="Settings.BurstEvents"/> events as fast as the producer yields
    /// them: events/s from request to the last byte, the median of several runs, after a warm-up;
    /// read by <paramref name="reader"/>, from a server process of its own.
    /// </summary>
    /// <param name="yieldEvery">0: every item ready at once; k: the producer awaits <c>Task.Yield()</c> before every k-th item.</param>
    public static async Task<BurstResult> BurstAsync(Peer peer, Reader reader, Paths paths, Settings settings, int yieldEvery = 0)
    {
        await using var server = await ServerProcess.StartAsync(peer, paths);
        using var client = Clients.Create();
        Uri Url(int events) => new(server.BaseAddress, $"/{peer.Route}/burst?n={events}&yieldEvery={yieldEvery}");

        // curl's timed runs discard what they read; count the events of one full-size burst first,
        // and hold every timed run to the same number of bytes.
        long? expectedBytes = null;
        if (reader == Reader.Curl)
        {
            var (events, bytes, first) = await CurlReader.CountAsync(Url(settings.BurstEvents));
            CheckBurst(peer, reader, settings.BurstEvents, events, first);
            expectedBytes = bytes;
        }

        // Warm up until the JIT has settled: at least two bursts and one second of streaming.
        var warmup = Stopwatch.StartNew();
        for (var i = 0; i < 2 || warmup.Elapsed < settings.BurstWarmupTime; i++)
        {
            await ReadOnceAsync(client, Url(settings.BurstWarmupEvents), peer, reader, settings.BurstWarmupEvents, expectedBytes: null);
        }

        var rates = new List<double>();
        var bytesPerEvent = new List<double>();
        long totalBytes = 0;
        var totalTime = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        var readerCpu = TimeSpan.Zero;
        string firstData = "";
        for (var run = 0; run < settings.BurstRuns; run++)
        {
            long? allocatedBefore = peer.IsNode ? null : (await server.ReadCountersAsync(client, "/_bench/alloc"))["allocated"];
            var cpuBefore = server.CpuTime;
            var (elapsed, bytes, first, runReaderCpu) = await ReadOnceAsync(client, Url(settings.BurstEvents), peer, reader, settings.BurstEvents, expectedBytes);
            cpu += server.CpuTime - cpuBefore;
            readerCpu += runReaderCpu;
            if (allocatedBefore is { } before)
            {
                var after = (await server.ReadCountersAsync(client, "/_bench/alloc"))["allocated"];
                bytesPerEvent.Add((after - before) / (double)settings.BurstEvents);
            }

            rates.Add(settings.BurstEvents / elapsed.TotalSeconds);
            totalBytes += bytes;
            totalTime += elapsed;
            firstData = first ?? firstData;
        }

        var totalEvents = (double)settings.BurstEvents * settings.BurstRuns;
        return new BurstResult(peer, reader, yieldEvery, settings.BurstEvents, rates, totalBytes / totalTime.TotalSeconds / 1e6,
            bytesPerEvent.Count > 0 ? Stats.Median(bytesPerEvent) : null, 100 * cpu / totalTime, cpu.TotalMicroseconds / totalEvents,
            readerCpu.TotalMicroseconds / totalEvents, firstData);
    }

    private static async Task<(TimeSpan Elapsed, long Bytes, string? FirstData, TimeSpan ReaderCpu)> ReadOnceAsync(HttpClient client, Uri url, Peer peer, Reader reader, int events, long? expectedBytes)
    {
        if (reader == Reader.Curl)
        {
            var (elapsed, bytes, cpu) = await CurlReader.DiscardAsync(url);
            if (expectedBytes is { } expected && bytes != expected)
            {
                throw new HarnessException($"burst {peer.Key} (curl): read {bytes:N0} bytes, the counted burst had {expected:N0}.");
            }

            return (elapsed, bytes, null, cpu);
        }

        var ownCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var (time, read, first) = await BurstOnceAsync(client, url, peer, events);
        return (time, read, first, Process.GetCurrentProcess().TotalProcessorTime - ownCpu);
    }

    private static void CheckBurst(Peer peer, Reader reader, int expected, long events, string? firstData)
    {
        if (events != expected)
        {
            throw new HarnessException($"burst {peer.Key} ({reader.Key}): expected {expected} events, got {events}.");
        }

        if (firstData is not { } first || !first.Contains("\"seq\":", StringComparison.Ordinal) || !first.Contains("\"ts\":", StringComparison.Ordinal))
        {
            throw new HarnessException($"burst {peer.Key} ({reader.Key}): unexpected payload {firstData}.");
        }
    }

    private static async Task<(TimeSpan Elapsed, long Bytes, string FirstData)> BurstOnceAsync(HttpClient client, Uri url, Peer peer, int events)
    {
        var parser = new SseEventParser();
        var buffer = new byte[64 * 1024];
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        using (var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead))
        {
            response.EnsureSuccessStatusCode();
            await using var stream = await response.Content.ReadAsStreamAsync();
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                parser.Feed(buffer.AsSpan(0, read), 0, record: false);
                bytes += read;
            }
        }

        clock.Stop();
        CheckBurst(peer, Reader.HttpClient, events, parser.Events, parser.FirstData);
        return (clock.Elapsed, bytes, parser.FirstData!);
    }

    /// <summary>
    /// <see cref="Settings.IdleConnections"/> streams that got one event and then stay idle (with
    /// each peer's keep-alive armed): server memory after a full GC, and its working set, after
    /// minus before, divided by the number of streams.
    /// </summary>
    public static async Task<IdleResult> IdleAsync(Peer peer, Paths paths, Settings settings)
    {
        await using var server = await ServerProcess.StartAsync(peer, paths);
        using var control = Clients.Create();
        using var client = Clients.Create();
        var url = new Uri(server.BaseAddress, $"/{peer.Route}/idle");

        // Warm up the code paths and pools, then close those streams again.
        await using (var warmup = new ConnectionSet(client, url, 50, settings.ConnectConcurrency, trackLatency: false))
        {
            await warmup.WaitReadyAsync(TimeSpan.FromSeconds(60), $"idle {peer.Key} warm-up");
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = await server.ReadCountersAsync(control, "/_bench/mem");
        await using var set = new ConnectionSet(client, url, settings.IdleConnections, settings.ConnectConcurrency, trackLatency: false);
        await set.WaitReadyAsync(TimeSpan.FromSeconds(120), $"idle {peer.Key}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await server.ReadCountersAsync(control, "/_bench/mem");
        if (set.Failed > 0)
        {
            throw new HarnessException($"idle {peer.Key}: {set.Failed} streams failed: {set.FirstError?.GetBaseException().Message}", set.FirstError);
        }

        var n = (double)settings.IdleConnections;
        return new IdleResult(peer, settings.IdleConnections,
            (after["heap"] - before["heap"]) / n,
            (after["workingSet"] - before["workingSet"]) / n,
            peer.IsNode ? "V8 heapUsed + external after gc()" : "GC heap after a full blocking GC");
    }
}

internal static class Stats
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(int[] sorted, double p)
    {
        var rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
