using System;

namespace SseGen;

/// <summary>
/// How long an <see cref="ISseChannelStore"/> keeps one channel's events, from the channel's
/// <see cref="SseChannelOptions"/>; given with every append, so the store needs no configuration of
/// its own per channel.
/// </summary>
public readonly struct SseStoreRetention
{
    /// <summary>Creates a retention.</summary>
    /// <param name="historyLength">How many of the newest events to keep at least (trimming may keep a few more).</param>
    /// <param name="historyMaxAge">How old a kept event may be; <see langword="null"/>: no age limit.</param>
    /// <param name="channelLifetime">How long the channel outlives its last append before the store may drop it whole.</param>
    public SseStoreRetention(int historyLength, TimeSpan? historyMaxAge, TimeSpan channelLifetime)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(historyLength);
        HistoryLength = historyLength;
        HistoryMaxAge = historyMaxAge;
        ChannelLifetime = channelLifetime;
    }

    /// <summary>
    /// <see cref="SseChannelOptions.HistoryLength"/>: how many of the newest events a resume may
    /// need. Keep at least one (the newest) even when it is 0: followers read an event after it is appended.
    /// </summary>
    public int HistoryLength { get; }

    /// <summary>
    /// <see cref="SseChannelOptions.HistoryMaxAge"/>: events older than this may be dropped (they are
    /// never replayed). <see langword="null"/>: no age limit.
    /// </summary>
    public TimeSpan? HistoryMaxAge { get; }

    /// <summary>
    /// How long the channel outlives its last append: <see cref="HistoryMaxAge"/> when set, a day
    /// otherwise. After it, the store may drop the channel and its events (a resume then gets
    /// <c>reset</c>), so an abandoned channel does not hold storage forever.
    /// </summary>
    public TimeSpan ChannelLifetime { get; }
}
