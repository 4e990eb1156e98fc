using System;
using System.Buffers;
using System.Collections.Generic;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One broadcast channel: every item published to it goes to every client subscribed to it. The
/// item is serialized and framed once, whatever the number of subscribers; each subscriber has its
/// own bounded queue; the channel keeps a bounded history so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly what it missed. Get one from <see cref="SseChannels{T}"/>.
/// </summary>
/// <remarks>
/// A channel nobody subscribes to is removed once it has nothing left to keep
/// (<see cref="SseChannelOptions.IdleLifetime"/>). A reference kept past that still works: publishing
/// and subscribing go to the live channel of the same name, created again if needed.
/// </remarks>
/// <typeparam name="T">The item type, serialized as JSON.</typeparam>
/// <example>
/// <code>
/// [SseEndpoint("/chat/{room}")]
/// public static IAsyncEnumerable&lt;SseItem&lt;ChatMessage&gt;&gt; Chat(string room, SseChannels&lt;ChatMessage&gt; rooms,
///     [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =&gt;
///     rooms.Get(room).Subscribe(lastEventId);
/// </code>
/// </example>
public sealed class SseChannel<T>
{
    private readonly object _lock = new();
    private readonly SseChannels<T> _owner;

    // Ids carry the channel's birth, so an id from before a restart, or from a channel of the same
    // name removed since, is never taken for one of this channel's (a channel lives at least the
    // empty grace, so two of one name are born at different milliseconds).
    private readonly long _generation;
    private SseChannelHistory<T>? _history;
    private long _sequence;
    private SseSubscriber<T>[] _subscribers = [];
    private long _idleSince;
    private bool _removed;

    // Made at the first publish: a channel that is only subscribed to, or only named, needs none.
    private ArrayBufferWriter<byte>? _buffer;
    private SseFrameWriter? _writer;

    // Set when the channel lives in a shared store (Redis): ids, history and order come from there.
    private readonly string? _storeKey;
    private string? _lastDeliveredId;
    private IDisposable? _following;

    internal SseChannel(SseChannels<T> owner, string name)
    {
        _owner = owner;
        Name = name;
        _generation = owner.Time.GetUtcNow().ToUnixTimeMilliseconds();
        _idleSince = owner.Time.GetTimestamp();
        if (owner.Store is not null)
        {
            _storeKey = owner.StoreName + ":" + name;
        }
    }

    /// <summary>The channel's name (a chat room, a ticker symbol, …).</summary>
    public string Name { get; }

    /// <summary>How many streams are subscribed now.</summary>
    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>The id of the last published event, or <see langword="null"/> before the first.</summary>
    public string? LastEventId
    {
        get
        {
            lock (_lock)
            {
                return _storeKey is not null ? _lastDeliveredId : _sequence == 0 ? null : IdOf(_sequence);
            }
        }
    }

    /// <summary>
    /// Publishes <paramref name="item"/> to every subscriber and to the history. It is serialized
    /// and framed once, here; a full subscriber queue never blocks this call. In memory only: a
    /// channel in a shared store (SseGen.Redis) needs <see cref="PublishAsync"/>, which never blocks a thread.
    /// </summary>
    /// <param name="item">The item, written as the event's JSON data.</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> for <c>message</c>.</param>
    /// <returns>The event's id, as the client sees it (<c>id:</c>) and sends it back in <c>Last-Event-ID</c>.</returns>
    /// <exception cref="SseFormatException"><paramref name="eventType"/> contains a line break.</exception>
    /// <exception cref="InvalidOperationException">The channel lives in a shared store: use <see cref="PublishAsync"/>.</exception>
    /// <exception cref="SseChannelLimitException">This channel was removed, a new one of its name is needed, and the limit is reached.</exception>
    public string Publish(T item, string? eventType = null)
    {
        if (_storeKey is not null)
        {
            throw new InvalidOperationException(
                "This channel lives in a shared store (AddSseRedis), where publishing waits for the store: call PublishAsync, which never blocks a thread.");
        }

        return PublishLocal(item, eventType);
    }

    /// <summary>
    /// Publishes <paramref name="item"/> as <see cref="Publish"/> does; with a shared store
    /// (SseGen.Redis) the item is serialized here, once, and appended to the store, and every
    /// instance (this one included) frames it once and hands it to its subscribers. In memory it
    /// completes at once.
    /// </summary>
    /// <param name="item">The item, written as the event's JSON data.</param>
    /// <param name="eventType">The <c>event:</c> name; <see langword="null"/> for <c>message</c>.</param>
    /// <param name="cancellationToken">Stops waiting for the store (the event may still be appended).</param>
    /// <returns>The event's id, as the client sees it (<c>id:</c>) and sends it back in <c>Last-Event-ID</c>.</returns>
    /// <exception cref="SseFormatException"><paramref name="eventType"/> contains a line break.</exception>
    /// <exception cref="SseChannelUnavailableException">The shared store cannot be reached or did not answer in time; the event was not published.</exception>
    public ValueTask<string> PublishAsync(T item, string? eventType = null, CancellationToken cancellationToken = default)
    {
        if (_storeKey is null)
        {
            return new ValueTask<string>(PublishLocal(item, eventType));
        }

        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new SseFormatException("The SSE event type contains a line break (CR or LF); it was not published.");
        }

        // The key is the name's, not this instance's: a removed channel's reference appends where the live one follows.
        return new ValueTask<string>(_owner.Store!.AppendAsync(_storeKey, eventType, JsonSerializer.SerializeToUtf8Bytes(item, _owner.TypeInfo),
            _owner.StoreRetention, cancellationToken));
    }

    private string PublishLocal(T item, string? eventType)
    {
        lock (_lock)
        {
            if (!_removed)
            {
                var sequence = _sequence + 1;
                var id = IdOf(sequence);
                var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
                var writer = _writer ??= new SseFrameWriter(buffer, _owner.Formatter.JsonWriterOptions);
                buffer.ResetWrittenCount();
                _owner.Formatter.Write(writer, new SseItem<T>(item, eventType) { EventId = id });
                var now = _owner.Time.GetTimestamp();
                var entry = new SseChannelEntry<T>(buffer.WrittenSpan.ToArray(), eventType, sequence, id, now, item);
                _sequence = sequence;
                Remember(entry, now);
                var subscribers = _subscribers;
                // Offered under the lock, so every subscriber sees the ids in order and a new subscriber's
                // replay and live events meet with no gap and no repeat.
                for (var i = 0; i < subscribers.Length; i++)
                {
                    subscribers[i].Offer(entry);
                }

                return id;
            }
        }

        return _owner.Get(Name).PublishLocal(item, eventType);
    }

    /// <summary>
    /// A subscription for one stream: return it from an <c>[SseEndpoint]</c> method. It joins the
    /// channel when the stream starts and leaves it when the stream ends.
    /// </summary>
    /// <param name="lastEventId">
    /// The client's <c>Last-Event-ID</c> header: the stream starts with the events published after
    /// it, or with a <c>reset</c> event (<see cref="SseChannelEvents.Reset"/>) when they are no longer
    /// in the history. <see langword="null"/> or empty: only events published from now on. Any text
    /// is safe here: it is compared with the channel's ids, never written back.
    /// </param>
    public SseSubscription<T> Subscribe(string? lastEventId = null) => new(this, lastEventId);

    /// <summary>Joins a stream to the channel: its replay (or reset) and its live events meet with no gap.</summary>
    internal SseSubscriber<T> Attach(string? lastEventId)
    {
        lock (_lock)
        {
            if (!_removed)
            {
                return AttachLocked(lastEventId);
            }
        }

        // Removed since the caller got it: under its lock no one joins it any more, so join the live one.
        return _owner.Get(Name).Attach(lastEventId);
    }

    private SseSubscriber<T> AttachLocked(string? lastEventId)
    {
        var subscriber = new SseSubscriber<T>(this, _owner.Options, _owner.Metrics);
        if (_storeKey is not null)
        {
            if (!string.IsNullOrEmpty(lastEventId))
            {
                // Registered first, replayed after: whatever arrives meanwhile waits in the queue,
                // and what the replay already holds is skipped there.
                var skip = new SkipThrough(_owner.Store!, lastEventId);
                subscriber.ReplayLater(ReplayFromStoreAsync(lastEventId, _lastDeliveredId, skip), skip.AlreadySent);
            }
        }
        else if (!string.IsNullOrEmpty(lastEventId))
        {
            TrimByAge(_owner.Time.GetTimestamp());
            if (TryParse(lastEventId, out var last) && CanResumeAfter(last))
            {
                for (var i = 0; i < (_history?.Count ?? 0); i++)
                {
                    var entry = _history![i];
                    if (entry.Sequence > last)
                    {
                        subscriber.Replay(entry);
                    }
                }
            }
            else
            {
                subscriber.Replay(SseSignalFrames.Reset(IdOf(_sequence)));
            }
        }

        var subscribers = _subscribers;
        var grown = new SseSubscriber<T>[subscribers.Length + 1];
        subscribers.CopyTo(grown, 0);
        grown[^1] = subscriber;
        Volatile.Write(ref _subscribers, grown);
        return subscriber;
    }

    /// <summary>
    /// Makes sure the channel is usable: false when it was removed (the caller takes the live one).
    /// A channel in a shared store starts following it here, once, on the instance callers get.
    /// </summary>
    internal bool Activate()
    {
        if (Volatile.Read(ref _removed))
        {
            return false;
        }

        if (_storeKey is null || Volatile.Read(ref _following) is not null)
        {
            return true;
        }

        lock (_lock)
        {
            if (_removed)
            {
                return false;
            }

            _following ??= _owner.Store!.Follow(_storeKey, new StoreListener(this));
            return true;
        }
    }

    /// <summary>
    /// Removes the channel when nobody subscribes and it has nothing left to keep; under its lock,
    /// so no subscriber can join it after it is gone. Called by the sweep.
    /// </summary>
    internal bool TryRemoveIdle(long now)
    {
        if (Volatile.Read(ref _subscribers).Length > 0)
        {
            return false;
        }

        IDisposable? following;
        lock (_lock)
        {
            if (_removed || _subscribers.Length > 0 || !HasNothingToKeep(now))
            {
                return false;
            }

            Volatile.Write(ref _removed, true);
            _owner.Forget(this);
            following = _following;
            _following = null;
        }

        following?.Dispose();
        return true;
    }

    private bool HasNothingToKeep(long now)
    {
        TrimByAge(now);
        return _history is not { Count: > 0 } history
            ? now - _idleSince >= _owner.EmptyGraceTicks
            : now - history.Newest.PublishedAt >= _owner.IdleLifetimeTicks;
    }

    /// <summary>Stops following the shared store (the app is stopping).</summary>
    internal void StopFollowing()
    {
        IDisposable? following;
        lock (_lock)
        {
            following = _following;
            _following = null;
        }

        following?.Dispose();
    }

    internal void Detach(SseSubscriber<T> subscriber)
    {
        lock (_lock)
        {
            DetachLocked(subscriber);
        }
    }

    /// <summary>Removes a subscriber; the caller holds the lock (a publish that found it full does).</summary>
    internal void DetachLocked(SseSubscriber<T> subscriber)
    {
        var subscribers = _subscribers;
        var index = Array.IndexOf(subscribers, subscriber);
        if (index < 0)
        {
            return;
        }

        if (subscribers.Length == 1)
        {
            _idleSince = _owner.Time.GetTimestamp();
            Volatile.Write(ref _subscribers, []);
            return;
        }

        var shrunk = new SseSubscriber<T>[subscribers.Length - 1];
        Array.Copy(subscribers, 0, shrunk, 0, index);
        Array.Copy(subscribers, index + 1, shrunk, index, subscribers.Length - index - 1);
        Volatile.Write(ref _subscribers, shrunk);
    }

    private async Task<IReadOnlyList<SseFrame>> ReplayFromStoreAsync(string lastEventId, string? registeredAt, SkipThrough skip)
    {
        var stored = await _owner.Store!.ReadAfterAsync(_storeKey!, lastEventId, Math.Max(_owner.Options.HistoryLength, 1), _owner.Options.HistoryMaxAge, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            skip.Id = null;
            // The newest id this channel delivered when the stream joined (what it queued since follows);
            // never the client's text. None yet: an empty id, so the client's next reconnect asks for live events only.
            return [SseSignalFrames.Reset(registeredAt ?? "")];
        }

        var frames = new List<SseFrame>(stored.Count);
        var writer = new ArrayBufferWriter<byte>(256);
        var frameWriter = new SseFrameWriter(writer, _owner.Formatter.JsonWriterOptions);
        var now = _owner.Time.GetTimestamp();
        foreach (var e in stored)
        {
            writer.ResetWrittenCount();
            frameWriter.WriteUtf8Event(e.Json.Span, e.EventType, e.Id);
            frames.Add(new SseChannelEntry<T>(writer.WrittenSpan.ToArray(), e.EventType, e.Id, now, e.Json, _owner.TypeInfo));
            skip.Id = e.Id;
        }

        return frames;
    }

    /// <summary>An event from the store, in id order: framed once here, then offered to every local subscriber.</summary>
    private void Deliver(SseStoredEvent stored)
    {
        lock (_lock)
        {
            var buffer = _buffer ??= new ArrayBufferWriter<byte>(256);
            var writer = _writer ??= new SseFrameWriter(buffer, _owner.Formatter.JsonWriterOptions);
            buffer.ResetWrittenCount();
            writer.WriteUtf8Event(stored.Json.Span, stored.EventType, stored.Id);
            var entry = new SseChannelEntry<T>(buffer.WrittenSpan.ToArray(), stored.EventType, stored.Id, _owner.Time.GetTimestamp(), stored.Json, _owner.TypeInfo);
            _lastDeliveredId = stored.Id;
            var subscribers = _subscribers;
            for (var i = 0; i < subscribers.Length; i++)
            {
                subscribers[i].Offer(entry);
            }
        }
    }

    private sealed class StoreListener(SseChannel<T> channel) : ISseStoreListener
    {
        public void Deliver(SseStoredEvent stored) => channel.Deliver(stored);
    }

    /// <summary>The newest id a resuming client already has (its own, then the replay's last): live events up to it are skipped.</summary>
    private sealed class SkipThrough(ISseChannelStore store, string id)
    {
        public string? Id { get; set; } = id;

        public bool AlreadySent(SseFrame frame) =>
            Id is { } through && frame is SseChannelEntry<T> entry && store.TryCompare(entry.Id, through, out var order) && order <= 0;
    }

    private bool CanResumeAfter(long last)
    {
        if (last > _sequence)
        {
            return false;
        }

        // Every event after `last` must still be here: the oldest kept is at most the one right after it.
        var oldestKept = _history is { Count: > 0 } history ? history.Oldest.Sequence : _sequence + 1;
        return last + 1 >= oldestKept;
    }

    private void Remember(SseChannelEntry<T> entry, long now)
    {
        if (_owner.Options.HistoryLength == 0)
        {
            return;
        }

        (_history ??= new SseChannelHistory<T>(_owner.Options.HistoryLength)).Add(entry);
        TrimByAge(now);
    }

    private void TrimByAge(long now)
    {
        if (_owner.MaxAgeTicks != 0 && _history is { Count: > 0 } history)
        {
            history.RemovePublishedBefore(now - _owner.MaxAgeTicks - 1);
        }
    }

    private string IdOf(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{_generation}-{sequence}");

    private bool TryParse(string id, out long sequence)
    {
        sequence = 0;
        var dash = id.LastIndexOf('-');
        return dash > 0
            && long.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var generation)
            && generation == _generation
            && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }
}
