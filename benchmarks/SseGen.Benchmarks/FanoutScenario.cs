using System.Diagnostics;

namespace SseGen.Benchmarks;

/// <summary>One peer's fan-out at one size: the median over the measurement windows of each metric (max: the largest).</summary>
/// <param name="Skips">The floor only: deliveries it skipped during the windows because a connection's previous flush was still pending.</param>
/// <param name="FeedRate">Ticks the feed published per second, as the streams saw them (the largest <c>seq</c> advance of any stream over the window): below 100 the publisher itself fell behind, and "delivered" counts events that were never published.</param>
internal sealed record FanoutResult(Peer Peer, int Connections, double WindowSeconds, double P50Ms, double P99Ms, double MaxMs, double ServerCpuPercent, double ServerCpuMicrosPerEvent, double DeliveredFraction, IReadOnlyList<FanoutWindow> Windows, long? Skips = null)
{
    public double FeedRate => Stats.Median(Windows.Select(w => w.FeedRate).ToList());
}

internal sealed record FanoutWindow(double P50Ms, double P99Ms, double MaxMs, double ServerCpuPercent, double ServerCpuMicrosPerEvent, double DeliveredFraction, double FeedRate);

/// <summary>The fan-out scenario: many streams of one shared feed, against one peer's freshly started server.</summary>
internal static class FanoutScenario
{
    /// <summary>The feed's rate in every server (a tick every 10 ms).</summary>
    public const int EventsPerSecond = 100;

    /// <summary>The largest size the Node.js peers run at by default (their one thread cannot open 5,000 streams while it feeds them).</summary>
    public const int NodeMaxConnections = 2_000;

    /// <summary>
    /// <paramref name="connections"/> streams of one shared feed: latency from the payload's
    /// timestamp to the client reading it, and the server's CPU time over each measurement window.
    /// Fails the harness when a stream fails, when a stream receives nothing during a window while
    /// it is open (a peer that lost a subscriber), or when a stream sees a sequence number that is
    /// not above the one before (a duplicate or a reordering; a gap is a delivery the peer dropped
    /// under load and shows as "delivered" below 100%).
    /// </summary>
    public static async Task<FanoutResult> RunAsync(Peer peer, Paths paths, Settings settings, int connections)
    {
        await using var server = await ServerProcess.StartAsync(peer, paths);
        using var client = Clients.Create();
        var url = new Uri(server.BaseAddress, $"/{peer.Route}/fanout");
        var what = $"fan-out {peer.Key} x{connections}";
        await using var set = new ConnectionSet(client, url, connections, settings.ConnectConcurrency, trackLatency: true);
        await set.WaitReadyAsync(TimeSpan.FromSeconds(120), what);
        await Task.Delay(settings.FanoutSettle);

        var parsers = set.Parsers.ToArray();
        var eventsBefore = new long[parsers.Length];
        var seqBefore = new long[parsers.Length];
        long? skipsBefore = peer == Peer.Floor ? await ReadSkipsAsync(server, client) : null;
        var windows = new List<FanoutWindow>();
        for (var w = 0; w < settings.FanoutWindows; w++)
        {
            for (var i = 0; i < parsers.Length; i++)
            {
                eventsBefore[i] = parsers[i].Events;
                seqBefore[i] = parsers[i].LastSeq;
            }

            var cpuBefore = server.CpuTime;
            var clock = Stopwatch.StartNew();
            set.Recording = true;
            await Task.Delay(settings.FanoutWindow);
            set.Recording = false;
            var window = clock.Elapsed;
            var cpu = server.CpuTime - cpuBefore;
            var seqAdvance = Enumerable.Range(0, parsers.Length).Max(i => parsers[i].LastSeq - seqBefore[i]);
            if (set.Failed > 0)
            {
                throw new HarnessException($"{what}: {set.Failed} streams failed: {set.FirstError?.GetBaseException().Message}", set.FirstError);
            }

            // Readers add only while recording; give the ones in the middle of a read time to finish.
            await Task.Delay(200);
            var latencies = parsers.SelectMany(p => p.Latencies!).ToArray();
            foreach (var parser in parsers)
            {
                parser.Latencies!.Clear();
            }

            if (latencies.Length == 0)
            {
                throw new HarnessException($"{what}: no event arrived during window {w + 1}.");
            }

            var starved = Enumerable.Range(0, parsers.Length).Where(i => parsers[i].Events == eventsBefore[i]).ToList();
            if (starved.Count > 0)
            {
                throw new HarnessException($"{what}: {starved.Count} of {connections} open streams received no event during window {w + 1} ({settings.FanoutWindow.TotalSeconds:0.#} s; first: stream #{starved[0]}, last seq {parsers[starved[0]].LastSeq}) while the others received {latencies.Length:N0}.");
            }

            Array.Sort(latencies);
            var expected = connections * window.TotalSeconds * EventsPerSecond;
            windows.Add(new FanoutWindow(
                Stats.Percentile(latencies, 0.50) / 1000.0, Stats.Percentile(latencies, 0.99) / 1000.0, latencies[^1] / 1000.0,
                100 * cpu / window, cpu.TotalMicroseconds / latencies.Length, latencies.Length / expected, seqAdvance / window.TotalSeconds));
        }

        var outOfOrder = parsers.Count(p => p.OutOfOrder > 0);
        if (outOfOrder > 0)
        {
            var first = parsers.First(p => p.OutOfOrder > 0);
            throw new HarnessException($"{what}: {outOfOrder} streams received a seq not above the one before ({first.OutOfOrder} times on the first of them).");
        }

        long? skips = skipsBefore is { } before ? await ReadSkipsAsync(server, client) - before : null;
        double Median(Func<FanoutWindow, double> metric) => Stats.Median(windows.Select(metric).ToList());
        return new FanoutResult(peer, connections, settings.FanoutWindow.TotalSeconds,
            Median(w => w.P50Ms), Median(w => w.P99Ms), windows.Max(w => w.MaxMs), Median(w => w.ServerCpuPercent),
            Median(w => w.ServerCpuMicrosPerEvent), Median(w => w.DeliveredFraction), windows, skips);
    }

    /// <summary>
    /// For benchmarks/profile.sh: <paramref name="connections"/> streams to a server someone else
    /// started and profiles; "READY" once every stream has its first event, then <paramref name="settle"/> s
    /// and <paramref name="seconds"/> s read and recorded, then a line with the events read and the p99.
    /// </summary>
    public static async Task<int> HoldAsync(Uri url, int connections, int seconds, int settle)
    {
        using var client = Clients.Create();
        await using var set = new ConnectionSet(client, url, connections, 100, trackLatency: true);
        await set.WaitReadyAsync(TimeSpan.FromSeconds(120), $"hold {url}");
        Console.WriteLine("READY");
        await Task.Delay(TimeSpan.FromSeconds(settle));
        set.Recording = true;
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        set.Recording = false;
        var window = clock.Elapsed;
        await Task.Delay(200);
        var latencies = set.Parsers.SelectMany(p => p.Latencies!).ToArray();
        Array.Sort(latencies);
        var p99 = latencies.Length == 0 ? double.NaN : Stats.Percentile(latencies, 0.99) / 1000.0;
        Console.WriteLine(FormattableString.Invariant(
            $"EVENTS {latencies.Length} in {window.TotalSeconds:0.00} s; delivered {100 * latencies.Length / (connections * window.TotalSeconds * EventsPerSecond):0}%; p99 {p99:0.0} ms; failed streams {set.Failed}"));
        return set.Failed > 0 ? 1 : 0;
    }

    private static async Task<long> ReadSkipsAsync(ServerProcess server, HttpClient client) =>
        (await server.ReadCountersAsync(client, "/_bench/floor"))["skips"];
}
