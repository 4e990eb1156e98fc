using System.Globalization;
using System.Threading.Channels;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>
/// A store backend written as a user would write one, against SseGen's public API only: what a
/// Redis server is to SseGen.Redis, an object shared by two app instances in one process is here.
/// Each instance connects with its own clock (<see cref="Connect"/>) and registers the connection
/// with <c>services.AddSseChannelStore(…)</c>; the channels' contract tests run against it as they do against Redis.
/// </summary>
/// <remarks>
/// Ids are <c>{life}-{sequence}</c>: a channel dropped after its lifetime and appended to again
/// starts a new life, so an id from the old one is never taken for one of its events. Trimmed on
/// append to the retention's length and age; read with the channel's count and age, or not at all.
/// </remarks>
internal sealed class InProcessStoreServer
{
    private readonly object _lock = new();
    private readonly Dictionary<string, StoredChannel> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Follower>> _followers = new(StringComparer.Ordinal);
    private long _lives;

    /// <summary>One app instance's connection, reading time from that instance's clock.</summary>
    public ISseChannelStore Connect(TimeProvider time) => new Connection(this, time);

    private string Append(string key, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_channels.TryGetValue(key, out var channel) || now - channel.LastAppend > channel.Lifetime)
            {
                _channels[key] = channel = new StoredChannel(++_lives);
            }

            var stored = new StoredEvent(++channel.Last, now, eventType, json.ToArray());
            channel.Events.Add(stored);
            channel.LastAppend = now;
            channel.Lifetime = retention.ChannelLifetime;
            // At least the new event, which the followers have yet to be handed.
            while (channel.Events.Count > Math.Max(retention.HistoryLength, 1)
                || (channel.Events.Count > 1 && retention.HistoryMaxAge is { } age && channel.Events[0].At < now - age))
            {
                channel.Events.RemoveAt(0);
            }

            var id = IdOf(channel.Life, stored.Sequence);
            // Handed to each follower's queue under the lock: every follower sees the ids in order.
            foreach (var follower in _followers.GetValueOrDefault(key) ?? [])
            {
                follower.Queue.Writer.TryWrite(new SseStoredEvent(id, eventType, stored.Json));
            }

            return id;
        }
    }

    private IReadOnlyList<SseStoredEvent>? ReadAfter(string key, string afterId, int maxCount, TimeSpan? maxAge, DateTimeOffset now)
    {
        if (!TryParse(afterId, out var life, out var after))
        {
            return null;
        }

        lock (_lock)
        {
            if (!_channels.TryGetValue(key, out var channel) || now - channel.LastAppend > channel.Lifetime || channel.Life != life || after > channel.Last)
            {
                return null;
            }

            // Every event after the client's must still be kept.
            var firstKept = channel.Events.Count > 0 ? channel.Events[0].Sequence : channel.Last + 1;
            var missed = channel.Events.Where(e => e.Sequence > after).ToList();
            if (after + 1 < firstKept || missed.Count > maxCount || (maxAge is { } age && missed.Count > 0 && missed[0].At < now - age))
            {
                return null;
            }

            return missed.Select(e => new SseStoredEvent(IdOf(life, e.Sequence), e.EventType, e.Json)).ToList();
        }
    }

    private Follower Follow(string key, ISseStoreListener listener)
    {
        var follower = new Follower(this, key, listener);
        lock (_lock)
        {
            // Registered now, under the lock: every append from here on reaches it.
            if (!_followers.TryGetValue(key, out var list))
            {
                _followers[key] = list = [];
            }

            list.Add(follower);
        }

        follower.Start();
        return follower;
    }

    private void Unfollow(Follower follower)
    {
        lock (_lock)
        {
            if (_followers.TryGetValue(follower.Key, out var list) && list.Remove(follower) && list.Count == 0)
            {
                _followers.Remove(follower.Key);
            }
        }
    }

    private static string IdOf(long life, long sequence) => string.Create(CultureInfo.InvariantCulture, $"{life}-{sequence}");

    private static bool TryParse(string id, out long life, out long sequence)
    {
        sequence = 0;
        life = 0;
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out life)
            && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    private sealed record StoredEvent(long Sequence, DateTimeOffset At, string? EventType, byte[] Json);

    private sealed class StoredChannel(long life)
    {
        public long Life { get; } = life;

        public long Last { get; set; }

        public DateTimeOffset LastAppend { get; set; }

        public TimeSpan Lifetime { get; set; }

        public List<StoredEvent> Events { get; } = [];
    }

    /// <summary>One channel followed by one instance: its own queue, delivered one event at a time on the thread pool, never under the store's lock.</summary>
    private sealed class Follower(InProcessStoreServer server, string key, ISseStoreListener listener) : IDisposable
    {
        public string Key { get; } = key;

        public Channel<SseStoredEvent> Queue { get; } = Channel.CreateUnbounded<SseStoredEvent>(new UnboundedChannelOptions { SingleReader = true });

        public void Start() => _ = Task.Run(async () =>
        {
            await foreach (var stored in Queue.Reader.ReadAllAsync())
            {
                listener.Deliver(stored);
            }
        });

        public void Dispose()
        {
            if (Queue.Writer.TryComplete())
            {
                server.Unfollow(this);
            }
        }
    }

    /// <summary>What an app instance registers: the shared server, read on this instance's clock. Nothing here waits.</summary>
    private sealed class Connection(InProcessStoreServer server, TimeProvider time) : ISseChannelStore
    {
        public ValueTask<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken) =>
            ValueTask.FromResult(server.Append(channel, eventType, json, retention, time.GetUtcNow()));

        public ValueTask<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken) =>
            ValueTask.FromResult(server.ReadAfter(channel, afterId, maxCount, maxAge, time.GetUtcNow()));

        public IDisposable Follow(string channel, ISseStoreListener listener) => server.Follow(channel, listener);

        public bool TryCompare(string left, string right, out int order)
        {
            order = 0;
            if (!TryParse(left, out var leftLife, out var leftSequence) || !TryParse(right, out var rightLife, out var rightSequence))
            {
                return false;
            }

            order = (leftLife, leftSequence).CompareTo((rightLife, rightSequence));
            return true;
        }
    }
}
