namespace SseGen.Client;

/// <summary>What one event decoded to: an item, or a channel's signal (then <see cref="Item"/> is default).</summary>
internal readonly struct SseEventPayload<T>(T item, SseChannelSignal? signal)
{
    public T Item { get; } = item;

    public SseChannelSignal? Signal { get; } = signal;
}
