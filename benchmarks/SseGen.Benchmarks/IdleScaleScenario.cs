using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace SseGen.Benchmarks;

/// <summary>
/// Tens of thousands of idle streams on one server process (issue 25, item 3): the streams are
/// opened in steps up to <see cref="IdleScaleSettings.Top"/> by several <see cref="IdleWorker"/>
/// processes from several loopback source addresses; at each step the server's RSS and GC heap and
/// the machine's kernel memory are read; at the top every stream's longest silence is recorded over
/// a window of more than two keep-alive intervals.
/// </summary>
internal static class IdleScaleScenario
{
    public const string KeepAliveVariable = "SSEGEN_BENCH_KEEPALIVE_MS";

    private static int s_runs;

    public static async Task<IdleScaleResult> RunAsync(Peer peer, Paths paths, IdleScaleSettings settings, Action<string> log)
    {
        // The server inherits this process's limit on open files and needs ~200 of its own.
        if (OpenFilesLimit() is { } limit && limit < settings.Top + 300)
        {
            throw new HarnessException(string.Create(CultureInfo.InvariantCulture,
                $"idle-scale: {settings.Top:N0} streams need an open-files limit of at least {settings.Top + 300:N0} in the server (ulimit -n is {limit:N0}); run through run.sh, which raises it to the hard limit, or lower --idle-scale-counts."));
        }

        await using var server = await StartServerAsync(peer, paths, settings.KeepAlive);
        using var control = Clients.Create();
        var url = new Uri(server.BaseAddress, $"/{peer.Route}/idle");

        // Warm up the code paths and pools from the driver's own client, then close those streams again.
        using (var client = Clients.Create())
        {
            await using var warmup = new ConnectionSet(client, url, 50, 50, trackLatency: false);
            await warmup.WaitReadyAsync(TimeSpan.FromSeconds(60), $"idle-scale {peer.Key} warm-up");
        }

        // Each run takes fresh source addresses, away from the sockets an earlier peer's run may have left.
        var sourceCount = settings.Workers * settings.SourcesPerWorker;
        var first = 2 + (Interlocked.Increment(ref s_runs) - 1) * sourceCount % 240;
        var workers = new List<IdleWorkerProcess>();
        try
        {
            for (var w = 0; w < settings.Workers; w++)
            {
                var sources = Enumerable.Range(0, settings.SourcesPerWorker)
                    .Select(i => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"127.0.0.{first + (w * settings.SourcesPerWorker) + i}"))).ToList();
                workers.Add(await IdleWorkerProcess.StartAsync(url, sources));
            }

            // The server's CPU with no stream open (its fan-out feeds tick at 100 Hz even with no
            // subscriber): subtracted from the window's, so the per-stream cost is the streams' own.
            var idleCpuBefore = server.CpuTime;
            var idleClock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, settings.KeepAlive.Ticks / 3)));
            var baselineCpuPercent = 100 * (server.CpuTime - idleCpuBefore).TotalSeconds / idleClock.Elapsed.TotalSeconds;
            var before = await server.ReadCountersAsync(control, "/_bench/mem");
            var kernelBefore = KernelMemory.Read();
            var steps = new List<IdleScaleStep>();
            var openTime = TimeSpan.Zero;
            foreach (var count in settings.Counts)
            {
                var clock = Stopwatch.StartNew();
                var answers = await Task.WhenAll(workers.Select((worker, w) => worker.OpenAsync(Share(count, settings.Workers, w))));
                var elapsed = clock.Elapsed;
                openTime += elapsed;
                Check(peer, count, answers.Select(a => a.Counts).ToList());

                await Task.Delay(TimeSpan.FromSeconds(1));
                var after = await server.ReadCountersAsync(control, "/_bench/mem");
                var kernel = KernelMemory.Read() - kernelBefore;
                var step = new IdleScaleStep(count, answers.Sum(a => a.Counts.Open), elapsed,
                    (after["workingSet"] - before["workingSet"]) / (double)count, (after["heap"] - before["heap"]) / (double)count,
                    kernel, OpenFiles(server.Id));
                steps.Add(step);
                log(string.Create(CultureInfo.InvariantCulture,
                    $"  {count,6:N0} streams: opened in {elapsed.TotalSeconds:0.0} s; per stream RSS {step.RssBytesPerStream / 1024:0.0} KiB, GC heap {step.HeapBytesPerStream / 1024:0.0} KiB, kernel {step.KernelBytesPerStream / 1024:0.0} KiB (socket slabs {kernel.SocketSlabBytes / 1024.0 / count:0.0}); server fds {step.ServerFds:N0}"));
            }

            // The gap window at the top count: every stream's longest silence, its CPU cost.
            await Task.WhenAll(workers.Select(w => w.MarkAsync()));
            var cpuBefore = server.CpuTime;
            var window = Stopwatch.StartNew();
            await Task.Delay(settings.Window);
            var gapAnswers = await Task.WhenAll(workers.Select(w => w.GapsAsync()));
            var seconds = window.Elapsed.TotalSeconds;
            var cpu = server.CpuTime - cpuBefore;
            var counts = gapAnswers.Select(a => a.Counts).ToList();
            var gaps = gapAnswers.SelectMany(a => a.GapsMs).Order().ToArray();
            var result = new IdleScaleResult(peer, settings, steps, openTime,
                counts.Sum(c => c.Open), counts.Sum(c => c.Closed), counts.Sum(c => c.Failed), counts.FirstOrDefault(c => c.FirstError != "-")?.FirstError ?? "",
                gaps.Length == 0 ? 0 : gaps[^1], gaps.Length == 0 ? 0 : gaps[Math.Clamp((int)Math.Ceiling(0.99 * gaps.Length) - 1, 0, gaps.Length - 1)],
                100 * cpu.TotalSeconds / seconds, baselineCpuPercent,
                Math.Max(0, cpu.TotalNanoseconds - (baselineCpuPercent / 100 * seconds * 1e9)) / (settings.Top * seconds),
                before["workingSet"], before["heap"], sourceCount,
                (gapAnswers.Sum(a => a.RssBytes) - workers.Sum(w => w.StartRssBytes)) / (double)settings.Top);
            log(string.Create(CultureInfo.InvariantCulture,
                $"  window {seconds:0.0} s at {settings.Top:N0}: open {result.Open:N0}, closed {result.Closed}, failed {result.Failed}; longest gap {result.MaxGapMs} ms, p99 {result.P99GapMs} ms (allowed {settings.GapAllowance.TotalMilliseconds:0}); client RSS {result.ClientRssBytesPerStream / 1024:0.0} KiB per stream; server CPU {result.ServerCpuPercent:0.0}% ({result.BaselineCpuPercent:0.0}% with no stream; {result.ServerCpuNanosPerStreamSecond:0} ns per stream-second above that)"));

            // A stream the server closed, or one that heard nothing for the whole window (no
            // keep-alive at all), is a broken run, not a slow one.
            Check(peer, settings.Top, counts);
            var silent = gaps.Count(g => g >= settings.Window.TotalMilliseconds - 100);
            if (settings.KeepAlive > TimeSpan.Zero && peer != Peer.Limit && silent > 0)
            {
                throw new HarnessException(string.Create(CultureInfo.InvariantCulture,
                    $"idle-scale {peer.Key}: {silent:N0} of {gaps.Length:N0} streams received nothing in {seconds:0.0} s ({settings.WindowIntervals} keep-alive intervals of {settings.KeepAlive.TotalSeconds:0.#} s): is the keep-alive running?"));
            }

            return result;
        }
        finally
        {
            await Task.WhenAll(workers.Select(w => w.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Worker <paramref name="w"/>'s part of <paramref name="count"/> streams.</summary>
    private static int Share(int count, int workers, int w) => (int)(((long)count * (w + 1) / workers) - ((long)count * w / workers));

    private static void Check(Peer peer, int expected, List<IdleWorkerProcess.Counts> counts)
    {
        var open = counts.Sum(c => c.Open);
        var closed = counts.Sum(c => c.Closed);
        var failed = counts.Sum(c => c.Failed);
        if (open != expected || closed > 0 || failed > 0)
        {
            throw new HarnessException(string.Create(CultureInfo.InvariantCulture,
                $"idle-scale {peer.Key}: {open:N0} of {expected:N0} streams open, {closed:N0} closed after their first event (by the server, or the connection broke), {failed:N0} failed before their first event; first error: {counts.FirstOrDefault(c => c.FirstError != "-")?.FirstError ?? "none"}"));
        }
    }

    private static async Task<ServerProcess> StartServerAsync(Peer peer, Paths paths, TimeSpan keepAlive)
    {
        // The server inherits this process's environment; set the interval only for its start.
        var previous = Environment.GetEnvironmentVariable(KeepAliveVariable);
        Environment.SetEnvironmentVariable(KeepAliveVariable, ((long)keepAlive.TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
        try
        {
            return await ServerProcess.StartAsync(peer, paths);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeepAliveVariable, previous);
        }
    }

    /// <summary>This process's soft limit on open files (/proc/self/limits), null when unknown or unlimited.</summary>
    private static long? OpenFilesLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int OpenFiles(int pid)
    {
        try
        {
            return Directory.GetFileSystemEntries($"/proc/{pid}/fd").Length;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return -1;
        }
    }
}
