using System;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// A subscriber's live frames waiting for its stream: first in, first out, grown on demand up to the
/// channel's queue length, so an idle subscriber holds a few references, not a thousand. Not thread-safe:
/// its subscriber's lock guards it.
/// </summary>
internal sealed class SseFrameQueue
{
    private SseFrame[] _items = new SseFrame[4];
    private int _head;

    public int Count { get; private set; }

    public void Enqueue(SseFrame frame)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[(_head + Count) % _items.Length] = frame;
        Count++;
    }

    public bool TryDequeue(out SseFrame frame)
    {
        if (Count == 0)
        {
            frame = null!;
            return false;
        }

        frame = _items[_head];
        _items[_head] = null!;
        _head = (_head + 1) % _items.Length;
        Count--;
        return true;
    }

    private void Grow()
    {
        var grown = new SseFrame[_items.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            grown[i] = _items[(_head + i) % _items.Length];
        }

        _items = grown;
        _head = 0;
    }
}
