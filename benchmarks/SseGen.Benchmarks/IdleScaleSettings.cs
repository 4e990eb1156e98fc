namespace SseGen.Benchmarks;

/// <summary>The sizes of the idle-scale scenario (its own record, so the other scenarios' settings stay as they are).</summary>
/// <param name="Counts">The stream counts measured one after the other on the same server, ascending; the last is the top.</param>
/// <param name="Workers">Client processes; each holds its share of the streams (keep each under ~5,000 sockets).</param>
/// <param name="SourcesPerWorker">Loopback source addresses (127.0.0.N) per worker; its connections take them in turn.</param>
/// <param name="KeepAlive">Every peer's keep-alive interval in the server (SseGen's clock and the others' timers).</param>
/// <param name="WindowIntervals">How long the gap window at the top count lasts, in keep-alive intervals (at least two).</param>
internal sealed record IdleScaleSettings(int[] Counts, int Workers, int SourcesPerWorker, TimeSpan KeepAlive, double WindowIntervals)
{
    /// <summary>
    /// Up to 18,000 streams on one server process: the hard limit on open files here is 20,000 per
    /// process, and the server needs one descriptor per stream plus a few hundred of its own.
    /// </summary>
    public static IdleScaleSettings Full { get; } = new([1_000, 5_000, 10_000, 15_000, 18_000], 4, 2, TimeSpan.FromSeconds(15), 2.2);

    /// <summary>CI's check that the scenario works: two workers, a 2 s keep-alive, ~10 s per peer.</summary>
    public static IdleScaleSettings Quick { get; } = new([200, 1_000], 2, 2, TimeSpan.FromSeconds(2), 2.2);

    public int Top => Counts[^1];

    public TimeSpan Window => KeepAlive * WindowIntervals;

    /// <summary>
    /// The longest silence a stream may see: the interval, plus SseGen's clock period (an eighth of
    /// it, at most 1 s: the clock's documented tolerance), plus 0.5 s for writing thousands of
    /// keep-alives on a shared two-core machine.
    /// </summary>
    public TimeSpan GapAllowance => KeepAlive + TimeSpan.FromTicks(Math.Min(KeepAlive.Ticks / 8, TimeSpan.TicksPerSecond)) + TimeSpan.FromMilliseconds(500);
}
