namespace SseGen.Sample;

/// <summary>
/// Live counters behind <c>GET /stats</c>: the streams open right now (each stream's <c>finally</c>
/// closes its own, so a closed browser tab shows up here at once) and how often <c>/done</c> was asked.
/// </summary>
public sealed class StreamStats
{
    private int openStreams;
    private int doneRequests;

    public void StreamOpened() => Interlocked.Increment(ref openStreams);

    public void StreamClosed() => Interlocked.Decrement(ref openStreams);

    public void DoneRequested() => Interlocked.Increment(ref doneRequests);

    public SampleStats Snapshot() => new(Volatile.Read(ref openStreams), Volatile.Read(ref doneRequests));
}

/// <summary>What <c>GET /stats</c> returns.</summary>
public sealed record SampleStats(int OpenStreams, int DoneRequests);
