namespace SseGen;

/// <summary>
/// What <see cref="ISseChannelStore.Follow"/> hands events to: one channel of one instance. The
/// runtime implements it; a store calls it.
/// </summary>
public interface ISseStoreListener
{
    /// <summary>
    /// Takes one event appended to the followed channel (by any instance, this one included): the
    /// channel frames it once and queues it for its local subscribers. Returns quickly and never
    /// waits for I/O, so a store may call it from its own I/O loop.
    /// </summary>
    /// <param name="stored">The event; its id must be newer than every id delivered before on this follow.</param>
    /// <remarks>
    /// The store calls it for one follow one event at a time (never concurrently), in id order, each
    /// event once. A call already under way when the follow's handle is disposed may still finish;
    /// the listener ignores what comes after.
    /// </remarks>
    /// <exception cref="System.ArgumentException"><paramref name="stored"/> is <see langword="default"/>.</exception>
    void Deliver(SseStoredEvent stored);
}
