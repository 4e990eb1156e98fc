using System.Globalization;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>The fan-out's part of RESULTS.md: a table per size, and issue 25's delivery targets.</summary>
internal static class FanoutReport
{
    /// <summary>The sizes issue 25's delivery targets are set at.</summary>
    public static readonly int[] TargetSizes = [1_000, 2_000];

    private const double Tolerance = 1.05;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(StringBuilder s, Settings settings, IReadOnlyList<FanoutResult> fanout)
    {
        if (fanout.Count == 0)
        {
            return;
        }

        s.AppendLine("## Fan-out");
        s.AppendLine();
        s.AppendLine(Inv, $"One shared feed publishing {FanoutScenario.EventsPerSecond} events/s to every connection, at {string.Join(", ", Sizes(fanout).Select(n => n.ToString("N0", Inv)))} connections; a fresh server process per peer and size. Measured over {settings.FanoutWindows} window(s) of {settings.FanoutWindow.TotalSeconds:0.#} s, one after the other on the same connections, after every stream got its first event and a {settings.FanoutSettle.TotalSeconds:0.#} s settle; each column is the median over the windows (max: the largest), and the p99 of each window is listed to show the noise. Latency: client receipt time minus the `ts` the server put in the payload when it published (same machine clock). Server CPU: its CPU time in the window / the window (200% = both cores); per event: that CPU time / events delivered (the ratios use this one). Delivered: events read / (connections x {FanoutScenario.EventsPerSecond} x window); feed ticks/s: how many ticks the feed published per second as the streams saw them (the largest `seq` advance of a stream over the window): below {FanoutScenario.EventsPerSecond} the publisher itself fell behind (its timer skips the ticks it missed), so those events were never sent and their latency is in no percentile. Every open stream must receive at least one event in every window, and no stream may see a `seq` that is not above the one before, or the run fails. The Node.js peers' CPU is one single-threaded V8 process's, a different kind of process than the .NET servers' thread pool: shown, but compare with care. By default the Node.js peers run up to {FanoutScenario.NodeMaxConnections:N0} connections: at 2,000 their one thread, busy with the feed, already publishes a fifth to a quarter of the ticks, and at 5,000 neither opened all its streams within 120 s (express 3,224, better-sse 2,975 of 5,000, 2026-12-06); name them in `--peers` to try.");
        s.AppendLine();
        foreach (var connections in Sizes(fanout))
        {
            var rows = fanout.Where(f => f.Connections == connections).ToList();
            var builtIn = rows.FirstOrDefault(f => f.Peer == Peer.BuiltIn);
            var floor = rows.FirstOrDefault(f => f.Peer == Peer.Floor);
            s.AppendLine(Inv, $"### {connections:N0} connections");
            s.AppendLine();
            s.AppendLine("| peer | p50 ms | p99 ms | p99 per window (ms) | max ms | server CPU | server CPU µs / event | delivered | feed ticks/s | p99 vs built-in | CPU / event vs built-in | p99 vs floor | CPU / event vs floor |");
            s.AppendLine("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var f in rows)
            {
                s.AppendLine(Inv, $"| {f.Peer.Name} | {F(f.P50Ms, "0.00")} | {F(f.P99Ms, "0.00")} | {string.Join(", ", f.Windows.Select(w => F(w.P99Ms, "0.0")))} | {F(f.MaxMs, "0.0")} | {F(f.ServerCpuPercent, "0")}% | {F(f.ServerCpuMicrosPerEvent, "0.0")} | {F(100 * f.DeliveredFraction, "0")}% | {F(f.FeedRate, "0")} | {Ratio(f.P99Ms, builtIn?.P99Ms)} | {Ratio(f.ServerCpuMicrosPerEvent, builtIn?.ServerCpuMicrosPerEvent)} | {Ratio(f.P99Ms, floor?.P99Ms)} | {Ratio(f.ServerCpuMicrosPerEvent, floor?.ServerCpuMicrosPerEvent)} |");
            }

            if (floor?.Skips is { } skips)
            {
                s.AppendLine();
                s.AppendLine(Inv, $"The floor skipped {skips:N0} deliveries in its windows (a connection whose previous flush had not completed synchronously gets no write until it has).");
            }

            s.AppendLine();
        }
    }

    /// <summary>Issue 25's delivery targets, at each of <see cref="TargetSizes"/>.</summary>
    public static IEnumerable<(string Target, string Measured, bool? Met)> Targets(IReadOnlyList<FanoutResult> fanout)
    {
        foreach (var n in TargetSizes)
        {
            FanoutResult? At(Peer peer) => fanout.FirstOrDefault(f => f.Peer == peer && f.Connections == n);
            var channel = At(Peer.Channel);
            var sseGen = At(Peer.SseGen);
            var builtIn = At(Peer.BuiltIn);
            var betterSse = At(Peer.BetterSse);
            var floor = At(Peer.Floor);
            var size = string.Create(Inv, $"fan-out x{n:N0}");
            yield return Compare($"{size}: channel p99 <= the built-in's", channel, builtIn, f => f.P99Ms, " ms", 1.0);
            yield return Compare($"{size}: channel p99 <= better-sse's", channel, betterSse, f => f.P99Ms, " ms", 1.0);
            yield return Compare($"{size}: channel server CPU per event <= 0.8x the built-in's", channel, builtIn, f => f.ServerCpuMicrosPerEvent, " µs", 0.8);
            yield return Compare($"{size}: channel p99 within 15% of the floor's (<= 1.15x)", channel, floor, f => f.P99Ms, " ms", 1.15);
            yield return Compare($"{size}: channel server CPU per event within 15% of the floor's (<= 1.15x)", channel, floor, f => f.ServerCpuMicrosPerEvent, " µs", 1.15);
            yield return Compare($"{size}: per-connection endpoint p99 no worse than the built-in (5% noise allowance)", sseGen, builtIn, f => f.P99Ms, " ms", Tolerance);
            yield return Compare($"{size}: per-connection endpoint server CPU per event no worse than the built-in (5% noise allowance)", sseGen, builtIn, f => f.ServerCpuMicrosPerEvent, " µs", Tolerance);
        }
    }

    /// <summary>Met when <paramref name="subject"/>'s metric is at most <paramref name="factor"/> times <paramref name="baseline"/>'s.</summary>
    private static (string, string, bool?) Compare(string target, FanoutResult? subject, FanoutResult? baseline, Func<FanoutResult, double> metric, string unit, double factor)
    {
        if (subject is null || baseline is null)
        {
            return (target, "n/a", null);
        }

        var (a, b) = (metric(subject), metric(baseline));
        var measured = string.Create(Inv, $"{a:0.00}{unit} vs {b:0.00}{unit} ({Ratio(a, b)}; delivered {100 * subject.DeliveredFraction:0}% vs {100 * baseline.DeliveredFraction:0}%)");
        return (target, measured, double.IsNaN(a) || double.IsNaN(b) ? null : a <= b * factor);
    }

    public static IReadOnlyList<int> Sizes(IReadOnlyList<FanoutResult> fanout) => [.. fanout.Select(f => f.Connections).Distinct().Order()];

    private static string F(double value, string format) => double.IsNaN(value) ? "n/a" : value.ToString(format, Inv);

    private static string Ratio(double value, double? baseline) =>
        baseline is > 0 && !double.IsNaN(value) ? F(value / baseline.Value, "0.00") + "x" : "n/a";
}
