namespace SseGen.Client;

/// <summary>
/// <c>missed</c>: this client read more slowly than the channel published, its queue on the server overflowed, and the
/// server dropped <see cref="Count"/> of its oldest queued events. The stream continues with the events that were kept.
/// </summary>
public sealed class SseMissedSignal : SseChannelSignal
{
    internal SseMissedSignal(long count, string? lastEventId)
        : base("missed", lastEventId)
    {
        Count = count;
    }

    /// <summary>How many events were dropped since the last one this client got.</summary>
    public long Count { get; }
}
