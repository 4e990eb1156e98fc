using System.Globalization;

namespace SseGen.Benchmarks.Server;

/// <summary>
/// The keep-alive interval of every idle peer in this server process: SseGen's app-wide clock
/// (<see cref="SseOptions.KeepAliveInterval"/>) and the other peers' per-stream timers alike. The
/// idle-scale scenario shortens it (<c>SSEGEN_BENCH_KEEPALIVE_MS</c>) so that a bounded run still
/// sees several intervals; unset, it is SseGen's default, 15 s.
/// </summary>
internal static class BenchKeepAlive
{
    public static readonly TimeSpan Interval =
        int.TryParse(Environment.GetEnvironmentVariable("SSEGEN_BENCH_KEEPALIVE_MS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : SseOptions.DefaultKeepAliveInterval;
}
