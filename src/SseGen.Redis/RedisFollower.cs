using System;
using System.Threading;
using System.Threading.Tasks;
using StackExchange.Redis;

namespace SseGen;

/// <summary>
/// One followed channel on this instance: a pub/sub subscription to the channel's notification, and
/// a read of the stream after the last delivered id whenever it is woken (a notification, or the
/// store's catch-up after an outage). Idle, it sends nothing to Redis.
/// </summary>
internal sealed class RedisFollower : IDisposable
{
    private const int ReadBatch = 512;

    // 0: idle; 1: reading; 2: reading, and woken again meanwhile (read once more before going idle).
    private const int Idle = 0, Reading = 1, ReadAgain = 2;

    private readonly RedisChannelStore _store;
    private readonly string _channel;
    private readonly RedisKey _key;
    private readonly RedisChannel _notification;
    private readonly ISseStoreListener _listener;
    private readonly Action<RedisChannel, RedisValue> _onNotified;
    private string _last;
    private int _state;
    private volatile bool _disposed;

    public RedisFollower(RedisChannelStore store, string channel, RedisKey key, RedisChannel notification, ISseStoreListener listener, string startAfter)
    {
        _store = store;
        _channel = channel;
        _key = key;
        _notification = notification;
        _listener = listener;
        _last = startAfter;
        _onNotified = (_, _) => Wake();
    }

    public string Channel => _channel;

    public void Start() => _ = SubscribeAsync();

    /// <summary>Reads what is new, now or (when a read is under way) right after it.</summary>
    public void Wake()
    {
        while (!_disposed)
        {
            switch (Volatile.Read(ref _state))
            {
                case Idle when Interlocked.CompareExchange(ref _state, Reading, Idle) == Idle:
                    _ = ReadAsync();
                    return;
                case Reading when Interlocked.CompareExchange(ref _state, ReadAgain, Reading) == Reading:
                case ReadAgain:
                    return;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _store.Forget(this);
        if (_store.ConnectedOrNull is { } redis)
        {
            Unsubscribe(redis);
        }

        // Otherwise SubscribeAsync is still waiting for the connection, and sees _disposed after it.
    }

    private void Unsubscribe(ConnectionMultiplexer redis)
    {
        // This follower's handler only: if the channel was created again meanwhile, its new follower's
        // subscription stays. The last handler gone, the client sends UNSUBSCRIBE.
        try
        {
            _ = redis.GetSubscriber().UnsubscribeAsync(_notification, _onNotified, CommandFlags.FireAndForget);
        }
        catch (ObjectDisposedException)
        {
            // The app is shutting down and the connection went first: nothing is left to drop.
        }
    }

    private async Task SubscribeAsync()
    {
        ConnectionMultiplexer redis;
        try
        {
            redis = await _store.ConnectionAsync.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _store.ReportFailure(ex);
            return;
        }

        if (_disposed)
        {
            return;
        }

        try
        {
            // Subscribed before the first read: whatever is appended after that read notifies this.
            await redis.GetSubscriber().SubscribeAsync(_notification, _onNotified).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The handler stays registered with the client, which subscribes again when it
            // reconnects; the store's catch-up after the outage reads what this missed.
            _store.ReportFailure(ex);
        }

        if (_disposed)
        {
            Unsubscribe(redis);
            return;
        }

        Wake();
    }

    private async Task ReadAsync()
    {
        try
        {
            var db = (await _store.ConnectionAsync.ConfigureAwait(false)).GetDatabase();
            do
            {
                Volatile.Write(ref _state, Reading);
                StreamEntry[] entries;
                do
                {
                    entries = await db.StreamRangeAsync(_key, "(" + _last, "+", count: ReadBatch).ConfigureAwait(false);
                    foreach (var entry in entries)
                    {
                        if (_disposed)
                        {
                            return;
                        }

                        Deliver(entry);
                        _last = entry.Id!;
                    }
                }
                while (entries.Length == ReadBatch);
            }
            while (Interlocked.CompareExchange(ref _state, Idle, Reading) != Reading);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever failed, this follower must not stay stuck "reading": the store's catch-up
            // after the probe wakes it again.
            Volatile.Write(ref _state, Idle);
            _store.ReportFailure(ex);
        }
    }

    private void Deliver(StreamEntry entry)
    {
        try
        {
            _listener.Deliver(RedisChannelStore.ToEvent(entry));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            RedisStoreLog.DeliveryFailed(_store.Logger, _channel, entry.Id!, ex);
        }
    }
}
