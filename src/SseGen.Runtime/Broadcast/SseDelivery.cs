using System.Collections.Concurrent;
using System.Threading;

namespace SseGen;

/// <summary>
/// One pass of a published event over up to <see cref="Size"/> of a channel's waiting subscribers:
/// one thread-pool work item wakes each of them in turn, and each stream's loop writes and flushes
/// on this thread before the next is woken. A channel with thousands of subscribers queues a few
/// dozen of these per event instead of a wake-up per subscriber; several run at once on a machine
/// with several cores.
/// </summary>
internal sealed class SseDelivery<T> : IThreadPoolWorkItem
{
    /// <summary>
    /// Subscribers per pass: enough that the hop is paid once for many writes, few enough that the
    /// last one in a pass waits a fraction of a millisecond for the ones before it.
    /// </summary>
    internal const int Size = 64;

    // A pass is rented under the channel's lock and returned by the thread that ran it.
    private static readonly ConcurrentQueue<SseDelivery<T>> Pool = new();

    private readonly SseSubscriber<T>[] _subscribers = new SseSubscriber<T>[Size];
    private int _count;

    public bool IsFull => _count == Size;

    public static SseDelivery<T> Rent() => Pool.TryDequeue(out var pass) ? pass : new SseDelivery<T>();

    public void Add(SseSubscriber<T> subscriber) => _subscribers[_count++] = subscriber;

    /// <summary>Queues the pass; the caller may still hold the channel's lock (the pass never takes it first).</summary>
    public void Dispatch() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    public void Execute()
    {
        var count = _count;
        for (var i = 0; i < count; i++)
        {
            var subscriber = _subscribers[i];
            _subscribers[i] = null!;
            subscriber.Wake();
        }

        _count = 0;
        if (Pool.Count < 64)
        {
            Pool.Enqueue(this);
        }
    }
}
