using System.Globalization;
using System.Security;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>
/// Horizontal grouped bar charts as plain SVG text (no library, no service): one group of bars per
/// peer, one bar per series, the value printed at the end of each bar.
/// </summary>
internal static class SvgCharts
{
    internal sealed record Series(string Name, string Color);

    /// <summary>One peer: a value per series, null where it was not measured.</summary>
    internal sealed record Group(string Label, IReadOnlyList<double?> Values);

    private const int Width = 900;
    private const int LabelWidth = 250;
    private const int PlotWidth = 520;
    private const int BarHeight = 16;
    private const int BarGap = 3;
    private const int GroupGap = 14;

    // Colour-blind-safe (Okabe-Ito) colours for up to six series.
    public static readonly string[] Palette = ["#0072B2", "#56B4E9", "#D55E00", "#E69F00", "#009E73", "#CC79A7"];

    public static string HorizontalBars(string title, string subtitle, IReadOnlyList<Series> series, IReadOnlyList<Group> groups, Func<double, string> format)
    {
        var inv = CultureInfo.InvariantCulture;
        var max = groups.SelectMany(g => g.Values).Where(v => v is > 0).Select(v => v!.Value).DefaultIfEmpty(1).Max();
        var (step, top) = Ticks(max);
        var legendRows = (series.Count + 2) / 3;
        var plotTop = 62 + (legendRows * 18);
        var groupHeight = (series.Count * (BarHeight + BarGap)) - BarGap;
        var height = plotTop + (groups.Count * (groupHeight + GroupGap)) + 36;
        double X(double value) => LabelWidth + (PlotWidth * value / top);

        var s = new StringBuilder();
        AppendHeader(s, Width, height, title, subtitle);
        for (var i = 0; i < series.Count; i++)
        {
            var lx = 12 + ((i % 3) * 290);
            var ly = 52 + ((i / 3) * 18);
            s.AppendLine(inv, $"""  <rect x="{lx}" y="{ly}" width="12" height="12" fill="{series[i].Color}"/><text x="{lx + 17}" y="{ly + 10}">{Escape(series[i].Name)}</text>""");
        }

        // Grid and axis labels.
        var plotBottom = height - 30;
        for (var tick = 0.0; tick <= top * 1.0001; tick += step)
        {
            var x = X(tick);
            s.AppendLine(inv, $"""  <line x1="{x:0.#}" y1="{plotTop - 6}" x2="{x:0.#}" y2="{plotBottom}" stroke="#dddddd"/><text x="{x:0.#}" y="{plotBottom + 14}" text-anchor="middle" fill="#444">{Escape(format(tick))}</text>""");
        }

        var y = plotTop;
        foreach (var group in groups)
        {
            s.AppendLine(inv, $"""  <text x="{LabelWidth - 8}" y="{y + (groupHeight / 2.0) + 4:0.#}" text-anchor="end">{Escape(group.Label)}</text>""");
            for (var i = 0; i < series.Count; i++)
            {
                var barY = y + (i * (BarHeight + BarGap));
                if (i < group.Values.Count && group.Values[i] is { } value)
                {
                    var w = Math.Max(1, X(value) - LabelWidth);
                    s.AppendLine(inv, $"""  <rect x="{LabelWidth}" y="{barY}" width="{w:0.#}" height="{BarHeight}" fill="{series[i].Color}"><title>{Escape(group.Label)}, {Escape(series[i].Name)}: {Escape(format(value))}</title></rect>""");
                    s.AppendLine(inv, $"""  <text x="{LabelWidth + w + 4:0.#}" y="{barY + 12}" fill="#222">{Escape(format(value))}</text>""");
                }
                else
                {
                    s.AppendLine(inv, $"""  <text x="{LabelWidth + 4}" y="{barY + 12}" fill="#888">n/a</text>""");
                }
            }

            y += groupHeight + GroupGap;
        }

        s.AppendLine(inv, $"""  <line x1="{LabelWidth}" y1="{plotTop - 6}" x2="{LabelWidth}" y2="{plotBottom}" stroke="#444"/>""");
        s.AppendLine("</svg>");
        return s.ToString();
    }

    /// <summary>A round tick step (1, 2 or 5 times a power of ten) giving 4 to 10 ticks, and the axis end.</summary>
    internal static (double Step, double Top) Ticks(double max)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        foreach (var factor in new[] { 0.1, 0.2, 0.5, 1, 2, 5 })
        {
            var step = magnitude * factor;
            var count = Math.Ceiling(max / step);
            if (count <= 10)
            {
                return (step, count * step);
            }
        }

        return (magnitude * 10, Math.Ceiling(max / (magnitude * 10)) * magnitude * 10);
    }


    /// <summary>The opening of every chart: the SVG element, its title, a white background, the title and subtitle lines.</summary>
    internal static void AppendHeader(StringBuilder s, int width, int height, string title, string subtitle)
    {
        var inv = CultureInfo.InvariantCulture;
        s.AppendLine(inv, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">""");
        s.AppendLine(inv, $"""  <title>{Escape(title)}</title>""");
        s.AppendLine(inv, $"""  <rect width="{width}" height="{height}" fill="#ffffff"/>""");
        s.AppendLine(inv, $"""  <text x="12" y="22" font-size="15" font-weight="bold">{Escape(title)}</text>""");
        s.AppendLine(inv, $"""  <text x="12" y="40" fill="#444">{Escape(subtitle)}</text>""");
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}

/// <summary>The charts of one run, from its results.</summary>
internal static class ResultCharts
{
    /// <summary>Writes the charts the report has data for into <paramref name="directory"/>; records them in the report.</summary>
    public static void Write(Report report, string directory, string linkPrefix)
    {
        Directory.CreateDirectory(directory);
        var inv = CultureInfo.InvariantCulture;
        var peers = Peer.All.Where(p => report.Burst.Concat(report.BurstYield).Any(b => b.Peer == p)).ToList();
        var burstSeries = new List<(SvgCharts.Series Series, List<BurstResult> Results, Reader Reader)>();
        var colour = 0;
        foreach (var (label, results) in new[] { ("burst", report.Burst), ("yielding producer", report.BurstYield) })
        {
            foreach (var reader in report.Readers)
            {
                if (results.Any(b => b.Reader == reader))
                {
                    burstSeries.Add((new SvgCharts.Series($"{label}, read by {reader.Name}", SvgCharts.Palette[colour % SvgCharts.Palette.Length]), results, reader));
                }

                colour++;
            }
        }

        if (burstSeries.Count > 0)
        {
            List<SvgCharts.Group> Groups(Func<BurstResult, double> metric) => peers.Select(p => new SvgCharts.Group(p.Name,
                burstSeries.Select(x => x.Results.FirstOrDefault(b => b.Peer == p && b.Reader == x.Reader) is { } b ? metric(b) : (double?)null).ToList())).ToList();
            var events = report.Burst.Concat(report.BurstYield).Select(b => b.Events).FirstOrDefault();
            Save(report, directory, linkPrefix, "burst-events.svg", "Burst: events per second (higher is better)",
                SvgCharts.HorizontalBars("Burst: events per second (higher is better)", string.Create(inv, $"{events:N0} small JSON events on one loopback connection, median of {report.Settings.BurstRuns} run(s); {report.Started:yyyy-MM-dd HH:mm} UTC"),
                    burstSeries.Select(x => x.Series).ToList(), Groups(b => b.Median), v => FormatRate(v)));
            Save(report, directory, linkPrefix, "burst-cpu.svg", "Burst: server CPU per event (lower is better)",
                SvgCharts.HorizontalBars("Burst: server CPU per event (lower is better)", "server process CPU time (user + system) / events, in microseconds",
                    burstSeries.Select(x => x.Series).ToList(), Groups(b => b.ServerCpuMicrosPerEvent), v => v.ToString("0.00", inv) + " µs"));
        }

        if (report.Fanout.Count > 0)
        {
            // The bars at one size: 2,000 connections when measured (the size of the earlier runs), else the first.
            var sizes = FanoutReport.Sizes(report.Fanout);
            var barSize = sizes.Contains(2_000) ? 2_000 : sizes[0];
            var fanout = report.Fanout.Where(f => f.Connections == barSize).ToList();
            Save(report, directory, linkPrefix, "fanout-latency.svg", "Fan-out: latency p50 and p99 (lower is better)",
                SvgCharts.HorizontalBars("Fan-out: latency p50 and p99 (lower is better)", string.Create(inv, $"{barSize:N0} connections x {FanoutScenario.EventsPerSecond} events/s, median over {report.Settings.FanoutWindows} window(s)"),
                    [new("p50", SvgCharts.Palette[1]), new("p99", SvgCharts.Palette[0])],
                    fanout.Select(f => new SvgCharts.Group(f.Peer.Name, [f.P50Ms, f.P99Ms])).ToList(), v => v.ToString("0.#", inv) + " ms"));
            FanoutLines(report, directory, linkPrefix, sizes);
        }

        if (report.IdleScale.Count > 0)
        {
            Save(report, directory, linkPrefix, "idle-scale-memory.svg", IdleScaleReport.ChartTitle, IdleScaleReport.Chart(report.IdleScale));
        }
    }

    /// <summary>p99 and server CPU per delivered event against the number of connections, a line per peer, the floor dashed.</summary>
    private static void FanoutLines(Report report, string directory, string linkPrefix, IReadOnlyList<int> sizes)
    {
        var inv = CultureInfo.InvariantCulture;
        var peers = report.Fanout.Select(f => f.Peer).Distinct().ToList();
        var categories = sizes.Select(n => n.ToString("N0", inv)).ToList();
        List<SvgLineChart.Line> Lines(Func<FanoutResult, double> metric) => peers.Select((p, i) => new SvgLineChart.Line(p.Name,
            SvgLineChart.Palette[i % SvgLineChart.Palette.Length],
            sizes.Select(n => report.Fanout.FirstOrDefault(f => f.Peer == p && f.Connections == n) is { } f ? metric(f) : (double?)null).ToList(),
            Dashed: p == Peer.Floor)).ToList();
        var window = string.Create(inv, $"{FanoutScenario.EventsPerSecond} events/s from one feed, median over {report.Settings.FanoutWindows} window(s) of {report.Settings.FanoutWindow.TotalSeconds:0.#} s; the floor dashed");
        Save(report, directory, linkPrefix, "fanout-p99.svg", "Fan-out: p99 latency against connections (lower is better)",
            SvgLineChart.Draw("Fan-out: p99 latency against connections (lower is better)", window, "connections",
                categories, Lines(f => f.P99Ms), v => v.ToString("0.#", inv) + " ms"));
        Save(report, directory, linkPrefix, "fanout-cpu.svg", "Fan-out: server CPU per delivered event against connections (lower is better)",
            SvgLineChart.Draw("Fan-out: server CPU per delivered event against connections (lower is better)", "server process CPU time (user + system) / events delivered, in microseconds; Node.js: one V8 process; the floor dashed", "connections",
                categories, Lines(f => f.ServerCpuMicrosPerEvent), v => v.ToString("0.#", inv) + " µs"));
    }

    private static string FormatRate(double v) => v >= 1e6 ? (v / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " M/s" : v >= 1e3 ? (v / 1e3).ToString("0", CultureInfo.InvariantCulture) + " k/s" : v.ToString("0", CultureInfo.InvariantCulture);

    private static void Save(Report report, string directory, string linkPrefix, string file, string title, string svg)
    {
        File.WriteAllText(Path.Combine(directory, file), svg);
        report.Charts.Add((linkPrefix + file, title));
    }
}
