using System.Globalization;
using System.Security;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>
/// A line chart as plain SVG text: one line per peer over a few categories on the x axis (the
/// fan-out sizes), a marker and the value at each point. One peer may be drawn dashed (the floor).
/// </summary>
internal static class SvgLineChart
{
    /// <summary>One peer: a value per x category, null where it was not measured.</summary>
    internal sealed record Line(string Name, string Color, IReadOnlyList<double?> Values, bool Dashed = false);

    private const int Width = 960;
    private const int Left = 70;
    private const int PlotWidth = 540;
    private const int PlotHeight = 320;
    private const int Top = 56;

    // Okabe-Ito plus black and grey: up to nine lines stay told apart.
    public static readonly string[] Palette = ["#0072B2", "#D55E00", "#009E73", "#000000", "#E69F00", "#CC79A7", "#56B4E9", "#999999", "#F0E442"];

    public static string Draw(string title, string subtitle, string xTitle, IReadOnlyList<string> categories, IReadOnlyList<Line> lines, Func<double, string> format)
    {
        var inv = CultureInfo.InvariantCulture;
        var max = lines.SelectMany(l => l.Values).Where(v => v is > 0).Select(v => v!.Value).DefaultIfEmpty(1).Max();
        var (step, top) = SvgCharts.Ticks(max);
        var height = Top + PlotHeight + 60;
        var bottom = Top + PlotHeight;
        double X(int i) => categories.Count == 1 ? Left + (PlotWidth / 2.0) : Left + 30 + ((PlotWidth - 60) * i / (double)(categories.Count - 1));
        double Y(double v) => bottom - (PlotHeight * v / top);

        var s = new StringBuilder();
        SvgCharts.AppendHeader(s, Width, height, title, subtitle);
        for (var tick = 0.0; tick <= top * 1.0001; tick += step)
        {
            s.AppendLine(inv, $"""  <line x1="{Left}" y1="{Y(tick):0.#}" x2="{Left + PlotWidth}" y2="{Y(tick):0.#}" stroke="#dddddd"/><text x="{Left - 6}" y="{Y(tick) + 4:0.#}" text-anchor="end" fill="#444">{Escape(format(tick))}</text>""");
        }

        for (var i = 0; i < categories.Count; i++)
        {
            s.AppendLine(inv, $"""  <text x="{X(i):0.#}" y="{bottom + 18}" text-anchor="middle" fill="#444">{Escape(categories[i])}</text>""");
        }

        s.AppendLine(inv, $"""  <text x="{Left + (PlotWidth / 2)}" y="{bottom + 40}" text-anchor="middle" fill="#444">{Escape(xTitle)}</text>""");
        s.AppendLine(inv, $"""  <line x1="{Left}" y1="{Top}" x2="{Left}" y2="{bottom}" stroke="#444"/><line x1="{Left}" y1="{bottom}" x2="{Left + PlotWidth}" y2="{bottom}" stroke="#444"/>""");

        for (var l = 0; l < lines.Count; l++)
        {
            var line = lines[l];
            var points = Enumerable.Range(0, Math.Min(categories.Count, line.Values.Count)).Where(i => line.Values[i] is not null).ToList();
            if (points.Count > 1)
            {
                var path = string.Join(" ", points.Select(i => string.Create(inv, $"{X(i):0.#},{Y(line.Values[i]!.Value):0.#}")));
                s.AppendLine(inv, $"""  <polyline points="{path}" fill="none" stroke="{line.Color}" stroke-width="2"{(line.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>""");
            }

            foreach (var i in points)
            {
                var v = line.Values[i]!.Value;
                s.AppendLine(inv, $"""  <circle cx="{X(i):0.#}" cy="{Y(v):0.#}" r="3.5" fill="{line.Color}"><title>{Escape(line.Name)}, {Escape(categories[i])}: {Escape(format(v))}</title></circle>""");
            }

            // Legend on the right.
            var ly = Top + (l * 20);
            s.AppendLine(inv, $"""  <line x1="{Left + PlotWidth + 20}" y1="{ly + 6}" x2="{Left + PlotWidth + 40}" y2="{ly + 6}" stroke="{line.Color}" stroke-width="2"{(line.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/><text x="{Left + PlotWidth + 46}" y="{ly + 10}">{Escape(line.Name)}</text>""");
        }

        s.AppendLine("</svg>");
        return s.ToString();
    }

    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
