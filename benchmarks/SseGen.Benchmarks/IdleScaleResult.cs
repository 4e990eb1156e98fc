namespace SseGen.Benchmarks;

/// <summary>One peer's idle-scale run: the steps up to the top count, then the gap window at the top.</summary>
/// <param name="OpenTime">The steps' open times added up: every stream of the top count, opened in batches.</param>
/// <param name="Open">Streams still open at the end of the window, out of <see cref="IdleScaleSettings.Top"/>.</param>
/// <param name="Closed">Streams that ended after their first event (the server closed them or the connection broke).</param>
/// <param name="Failed">Streams that never got their first event.</param>
/// <param name="MaxGapMs">The longest silence any stream saw in the window (the one still going on at its end included).</param>
/// <param name="P99GapMs">The 99th percentile over the streams of each stream's longest silence.</param>
/// <param name="ServerCpuPercent">Server CPU time in the window / the window (100% = one core).</param>
/// <param name="BaselineCpuPercent">Server CPU with no stream open (its fan-out feeds tick even with no subscriber), measured before the first step.</param>
/// <param name="ServerCpuNanosPerStreamSecond">(Server CPU time in the window - the baseline's over as long) / (streams x window seconds): what keeping one stream idle costs.</param>
/// <param name="ClientRssBytesPerStream">The workers' RSS after a full GC at the end of the window minus at their start, / streams: the client side's cost.</param>
/// <param name="BaselineRssBytes">The server's RSS before any stream, after a 50-stream warm-up.</param>
internal sealed record IdleScaleResult(
    Peer Peer,
    IdleScaleSettings Settings,
    IReadOnlyList<IdleScaleStep> Steps,
    TimeSpan OpenTime,
    int Open,
    int Closed,
    int Failed,
    string FirstError,
    long MaxGapMs,
    long P99GapMs,
    double ServerCpuPercent,
    double BaselineCpuPercent,
    double ServerCpuNanosPerStreamSecond,
    long BaselineRssBytes,
    long BaselineHeapBytes,
    int SourceAddresses,
    double ClientRssBytesPerStream)
{
    public bool AllOpen => Open == Settings.Top && Closed == 0 && Failed == 0;

    public bool GapsWithinAllowance => MaxGapMs <= Settings.GapAllowance.TotalMilliseconds;
}
