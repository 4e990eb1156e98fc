using System.Diagnostics;
using SseGen.Benchmarks;

// The benchmark driver. `bash benchmarks/run.sh [--quick]` builds everything and runs this; see
// benchmarks/README.md. Options:
//   --quick                 small sizes, results to artifacts/RESULTS.quick.md (CI's smoke check)
//   --out PATH              where to write the Markdown results
//   --scenarios a,b,...     burst, burst-yield, fanout, idle, idle-scale, alloc, generator (default: all)
//   --peers a,b,...         ssegen, builtin, hand, node, limit, and channel, floor, better-sse (default: the
//                           first five; the fan-out: ssegen, channel, builtin, floor, node, better-sse, limit)
//   --readers a,b           who reads the bursts: httpclient (the harness's own), curl (default: both)
//   --server PATH           SseGen.Benchmarks.Server.dll (default: its Release build in the repo)
//   --ssegen-ref PATH [--ssegen-ref-label TEXT]
//                           one more peer, ssegen-ref: SseGen's endpoints in another build of the server
//                           (another commit's), measured right after this build's in every scenario
//   --burst-events N, --burst-runs N, --fanout-connections N[,N...], --fanout-seconds N, --idle-connections N
//                           override one size (for exploring; the tables say which sizes were used)
//   --hold-fanout URL [--connections N] [--seconds S] [--settle W]
//                           only open N fan-out streams to a running server (benchmarks/profile.sh fanout), print
//                           READY once all have their first event, read for W (default 1) + S seconds, print what
//                           the last S seconds read, exit
//   --idle-scale-counts N,N,... [--idle-scale-workers N] [--idle-scale-keepalive-seconds S]
//                           the idle-scale steps (ascending, the last is the top), its client processes, the
//                           servers' keep-alive interval
//   --idle-worker URL SOURCES
//                           (internal) run as one of idle-scale's client processes; see IdleWorker
//   --write-analyzer-project DIR [--endpoints N]
//                           only write the generator benchmark's N endpoints (default 500) as a project
//                           that consumes SseGen, for benchmarks/analyzer-cost.sh, and exit
// Exit code: 0 when every scenario ran and every count was right; 1 when the harness failed.
if (args.Length == 3 && args[0] == "--idle-worker")
{
    return await IdleWorker.RunAsync(new Uri(args[1]), args[2].Split(',').Select(System.Net.IPAddress.Parse).ToList());
}

var quick = args.Contains("--quick");
var repoRoot = FindRepoRoot();
string? Option(string name)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
}

int? IntOption(string name) => Option(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

if (Option("--write-analyzer-project") is { } projectDirectory)
{
    AnalyzerCostProject.Write(Path.GetFullPath(projectDirectory), IntOption("--endpoints") ?? 500, repoRoot);
    return 0;
}

// benchmarks/profile.sh's fan-out client: hold N streams of a server it started, and report what they read.
if (Option("--hold-fanout") is { } holdUrl)
{
    return await FanoutScenario.HoldAsync(new Uri(holdUrl), IntOption("--connections") ?? 2_000, IntOption("--seconds") ?? 8, IntOption("--settle") ?? 1);
}

var settings = quick ? Settings.QuickCheck : Settings.Full;
settings = settings with
{
    BurstEvents = IntOption("--burst-events") ?? settings.BurstEvents,
    BurstRuns = IntOption("--burst-runs") ?? settings.BurstRuns,
    FanoutSizes = Option("--fanout-connections") is { } sizes
        ? [.. sizes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => int.Parse(n, System.Globalization.CultureInfo.InvariantCulture))]
        : settings.FanoutSizes,
    FanoutWindow = IntOption("--fanout-seconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : settings.FanoutWindow,
    IdleConnections = IntOption("--idle-connections") ?? settings.IdleConnections,
};

var output = Path.GetFullPath(Option("--out") ?? Path.Combine(repoRoot, quick ? "artifacts/RESULTS.quick.md" : "benchmarks/RESULTS.md"));
var scenarios = (Option("--scenarios") ?? "burst,burst-yield,fanout,idle,idle-scale,alloc,generator").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
var peerKeys = (Option("--peers") ?? string.Join(',', Peer.All.Select(p => p.Key))).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
var peers = Peer.Known.Where(p => peerKeys.Contains(p.Key)).ToList();
List<Peer> fanoutPeers = Option("--peers") is null ? [.. Peer.FanoutDefault] : [.. peers];
if (Option("--ssegen-ref") is { } referenceDll)
{
    referenceDll = Path.GetFullPath(referenceDll);
    if (!File.Exists(referenceDll))
    {
        Console.Error.WriteLine($"--ssegen-ref: no server at {referenceDll}.");
        return 1;
    }

    // Right after this build's SseGen, so the two are measured as close together as they can be.
    var reference = Peer.Reference(referenceDll, Option("--ssegen-ref-label") ?? referenceDll);
    peers.Insert(peers.IndexOf(Peer.SseGen) + 1, reference);
    fanoutPeers.Insert(fanoutPeers.IndexOf(Peer.SseGen) + 1, reference);
}

var readerKeys = (Option("--readers") ?? string.Join(',', Reader.All.Select(r => r.Key))).Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
var readers = Reader.All.Where(r => readerKeys.Contains(r.Key)).ToList();
if (readers.Contains(Reader.Curl) && !CurlReader.IsInstalled())
{
    Console.Error.WriteLine("curl is not installed: install it (apt-get install curl) or pass --readers httpclient.");
    return 1;
}
var paths = new Paths(
    repoRoot,
    Path.GetFullPath(Option("--server") ?? Path.Combine(repoRoot, "benchmarks/SseGen.Benchmarks.Server/bin/Release/net10.0/SseGen.Benchmarks.Server.dll")),
    Path.Combine(repoRoot, "benchmarks/node"));

if (!File.Exists(paths.ServerDll))
{
    Console.Error.WriteLine($"The server is not built: {paths.ServerDll}. Run `bash benchmarks/run.sh`.");
    return 1;
}

var clock = Stopwatch.StartNew();
var report = new Report
{
    Settings = settings,
    Started = DateTimeOffset.UtcNow,
    Machine = await Report.DescribeMachineAsync(paths),
    LoadBefore = Report.LoadAverage(),
    Readers = readers,
};
Log($"mode: {(quick ? "quick" : "full")}; load average {report.LoadBefore}; peers: {string.Join(", ", peers.Select(p => p.Key))}; scenarios: {string.Join(", ", scenarios)}");

async Task Step(string what, Func<Task> step)
{
    var started = clock.Elapsed;
    try
    {
        await step();
        Log($"{what}: done in {(clock.Elapsed - started).TotalSeconds:0.0} s");
    }
    catch (Exception ex)
    {
        var message = ex is HarnessException ? ex.Message : ex.ToString();
        report.Failures.Add($"{what}: {message}");
        Log($"{what}: FAILED: {message}");
    }
}

// Burst: every peer with every reader, each from a fresh server process.
if (scenarios.Contains("burst"))
{
    await BurstsAsync("burst", peers.Where(p => p.Bursts), report.Burst, yieldEvery: 0);
}

if (scenarios.Contains("burst-yield"))
{
    // The limit's bytes are encoded ahead of time, so it has no producer that could yield.
    await BurstsAsync("burst-yield", peers.Where(p => p != Peer.Limit && p.Bursts), report.BurstYield, Report.YieldEvery);
}

async Task BurstsAsync(string scenario, IEnumerable<Peer> burstPeers, List<BurstResult> results, int yieldEvery)
{
    foreach (var peer in burstPeers)
    {
        foreach (var reader in readers)
        {
            await Step($"{scenario} {peer.Key} ({reader.Key})", async () =>
            {
                var b = await Scenarios.BurstAsync(peer, reader, paths, settings, yieldEvery);
                results.Add(b);
                Log($"  {b.Median,12:N0} events/s  ({string.Join(", ", b.EventsPerSecond.Select(r => r.ToString("N0")))}), server {b.ServerBytesPerEvent:0.0} B/event, CPU {b.ServerCpuPercent:0}% ({b.ServerCpuMicrosPerEvent:0.00} µs/event), reader {b.ReaderCpuMicrosPerEvent:0.00} µs/event");
            });
        }
    }
}

if (scenarios.Contains("fanout"))
{
    // Size by size, every peer at one size before the next, so a table's rows are measured close together.
    foreach (var connections in settings.FanoutSizes)
    {
        foreach (var peer in fanoutPeers)
        {
            if (peer.IsNode && connections > FanoutScenario.NodeMaxConnections && Option("--peers") is null)
            {
                // By default only: named in --peers, a Node peer runs at every size (and fails to open them).
                Log($"fan-out {peer.Key} x{connections}: left out (a Node.js peer above {FanoutScenario.NodeMaxConnections:N0}; see the report)");
                continue;
            }

            await Step($"fan-out {peer.Key} x{connections}", async () =>
            {
                var f = await FanoutScenario.RunAsync(peer, paths, settings, connections);
                report.Fanout.Add(f);
                Log($"  p50 {f.P50Ms:0.00} ms, p99 {f.P99Ms:0.00} ms, max {f.MaxMs:0.0} ms, server CPU {f.ServerCpuPercent:0}% ({f.ServerCpuMicrosPerEvent:0.0} µs/event), delivered {100 * f.DeliveredFraction:0}% (feed {f.FeedRate:0} ticks/s){(f.Skips is { } skips ? $", skipped {skips:N0}" : "")}");
            });
        }
    }
}

if (scenarios.Contains("idle"))
{
    foreach (var peer in peers.Where(p => p.Idles))
    {
        await Step($"idle {peer.Key}", async () =>
        {
            var i = await Scenarios.IdleAsync(peer, paths, settings);
            report.Idle.Add(i);
            Log($"  heap {i.HeapBytesPerConnection / 1024:0.00} KiB/conn, working set {i.WorkingSetBytesPerConnection / 1024:0.0} KiB/conn");
        });
    }
}

if (scenarios.Contains("idle-scale"))
{
    var idleScale = quick ? IdleScaleSettings.Quick : IdleScaleSettings.Full;
    idleScale = idleScale with
    {
        Counts = Option("--idle-scale-counts") is { } counts ? counts.Split(',').Select(c => int.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray() : idleScale.Counts,
        Workers = IntOption("--idle-scale-workers") ?? idleScale.Workers,
        KeepAlive = IntOption("--idle-scale-keepalive-seconds") is { } keepAlive ? TimeSpan.FromSeconds(keepAlive) : idleScale.KeepAlive,
    };

    // The peers with a keep-alive, and the limit (none: the floor). Quick: SseGen and the built-in only.
    foreach (var peer in peers.Where(p => !p.IsNode && p != Peer.Channel && (!quick || p == Peer.SseGen || p == Peer.BuiltIn)))
    {
        await Step($"idle-scale {peer.Key}", async () => report.IdleScale.Add(await IdleScaleScenario.RunAsync(peer, paths, idleScale, Log)));
    }
}

// In-process measurements last, once no server runs, while this process does nothing else. Not
// first: after the generator benchmark the runtime keeps compiling Roslyn's code in the background
// for seconds, and that CPU went to the client of the first bursts measured (SseGen's: its
// HttpClient read 25-30% fewer events/s, the client used 0.26-0.30 instead of 0.06-0.11 µs/event).
if (scenarios.Contains("alloc"))
{
    await Step("allocations", async () =>
    {
        report.Allocations.AddRange(await Allocations.MeasureAsync(settings));
        foreach (var a in report.Allocations)
        {
            Log($"  {a.BytesPerEvent,8:0.0} B/event  {a.Code}");
        }
    });
}

if (scenarios.Contains("generator"))
{
    await Step("generator", () =>
    {
        var g = GeneratorBench.Run(settings);
        report.Generator = g;
        Log($"  {g.Endpoints} endpoints: first {g.FirstRunMs:0.0} ms, cold median {g.ColdMedianMs:0.0} ms, warm median {g.WarmMedianMs:0.00} ms, no re-emit: {g.NoReEmit} ({g.StepReasons})");
        if (!g.NoReEmit)
        {
            throw new HarnessException($"generator: an unrelated edit re-ran steps: {g.StepReasons}");
        }

        return Task.CompletedTask;
    });
}

report.LoadAfter = Report.LoadAverage();
report.Duration = clock.Elapsed;
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
// Charts beside the results (benchmarks/charts/ for the full run, artifacts/charts/ for the quick
// one); a report written with --out gets a folder named after it, so an exploring run never
// overwrites the committed charts.
var chartFolder = Option("--out") is null ? "charts" : "charts-" + Path.GetFileNameWithoutExtension(output);
ResultCharts.Write(report, Path.Combine(Path.GetDirectoryName(output)!, chartFolder), chartFolder + "/");
var analysis = Path.Combine(repoRoot, "benchmarks", "ANALYSIS.md");
if (!quick && File.Exists(analysis))
{
    report.Analysis = await File.ReadAllTextAsync(analysis);
}

await File.WriteAllTextAsync(output, report.ToMarkdown());
Log($"wrote {output} and {report.Charts.Count} chart(s) in {chartFolder}/");
foreach (var (target, measured, met) in report.Targets())
{
    Log($"  {(met is null ? "n/a   " : met.Value ? "met   " : "MISSED")} {target}: {measured}");
}

if (report.Failures.Count > 0)
{
    Log($"harness FAILED ({report.Failures.Count}):");
    foreach (var failure in report.Failures)
    {
        Log($"  {failure}");
    }

    return 1;
}

Log($"harness OK in {clock.Elapsed.TotalSeconds:0} s");
return 0;

void Log(string message) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {message}");

static string FindRepoRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SseGen.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("Run from inside the SseGen repository (no SseGen.sln found above the current directory).");
}
