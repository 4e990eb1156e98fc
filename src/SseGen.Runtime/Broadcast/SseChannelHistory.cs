using System;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// A channel's recent events, oldest first, for resumes: a ring that grows with what it holds (up
/// to the history length) and gives its array back when it empties, so an idle or quiet channel
/// costs what it keeps, not what it could keep. Used under the channel's lock.
/// </summary>
internal sealed class SseChannelHistory<T>(int capacity)
{
    private const int FirstSize = 4;

    private SseChannelEntry<T>?[]? _ring;
    private int _start;

    public int Count { get; private set; }

    /// <summary>The oldest event kept; the history must not be empty.</summary>
    public SseChannelEntry<T> Oldest => _ring![_start]!;

    /// <summary>The newest event kept; the history must not be empty.</summary>
    public SseChannelEntry<T> Newest => this[Count - 1];

    public SseChannelEntry<T> this[int index] => _ring![(_start + index) % _ring.Length]!;

    public void Add(SseChannelEntry<T> entry)
    {
        if (capacity == 0)
        {
            return;
        }

        if (Count == capacity)
        {
            RemoveOldest();
        }

        if (_ring is null || Count == _ring.Length)
        {
            Resize(Math.Min(capacity, Math.Max(FirstSize, Count * 2)));
        }

        _ring![(_start + Count) % _ring.Length] = entry;
        Count++;
    }

    /// <summary>Drops the events published at or before <paramref name="cutoff"/> (a timestamp of the channel's clock).</summary>
    public void RemovePublishedBefore(long cutoff)
    {
        while (Count > 0 && Oldest.PublishedAt <= cutoff)
        {
            RemoveOldest();
        }
    }

    private void RemoveOldest()
    {
        _ring![_start] = null;
        _start = (_start + 1) % _ring.Length;
        Count--;
        if (Count == 0)
        {
            _ring = null;
            _start = 0;
        }
        else if (Count <= _ring.Length / 4 && _ring.Length > FirstSize)
        {
            // Shrunk by age: a burst long gone should not keep its array.
            Resize(Math.Max(FirstSize, _ring.Length / 2));
        }
    }

    private void Resize(int size)
    {
        var grown = new SseChannelEntry<T>?[size];
        for (var i = 0; i < Count; i++)
        {
            grown[i] = this[i];
        }

        _ring = grown;
        _start = 0;
    }
}
