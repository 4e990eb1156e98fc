using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Tasks;
using System.Threading;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One broadcast channel: every item published to it goes to every client subscribed to it. The
/// item is serialized and framed once, whatever the number of subscribers; each subscriber has its
/// own bounded queue; the channel keeps a bounded history so a client that reconnects with
/// <c>Last-Event-ID</c> gets exactly what it missed. Get one from <see cref="SseChannels{T}"/>.
/// </summary>
/// <typeparam name="T">The item type, serialized as JSON.</typeparam>
/// <example>
/// <code>
/// [SseEndpoint("/chat/{room}")]
/// public static SseSubscription&lt;ChatMessage&gt; Chat(string room, SseChannels&lt;ChatMessage&gt; rooms,
///     [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =&gt;
///     rooms.Get(room).Subscribe(lastEventId);
/// </code>
/// </example>
public sealed class SseChannel<T>
{
    private readonly object _lock = new();
    private readonly SseChannelOptions _options;
    private readonly SseMetrics _metrics;
    private readonly JsonSseItemFormatter<T> _formatter;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly SseFrameWriter _writer;
    private readonly string _generation;
    private readonly long _maxAge;
    private readonly SseChannelEntry<T>?[] _history;
    private int _historyStart;
    private int _historyCount;
    private long _sequence;
    private SseSubscriber<T>[] _subscribers = [];

    // Set when the channel lives in a shared store (Redis): ids, history and order come from there.
    private readonly ISseChannelStore? _store;
    private readonly string _storeName = "";
    private readonly JsonTypeInfo<T> _typeInfo;
    private string? _lastDeliveredId;
    private IDisposable? _following;

    internal SseChannel(string name, JsonTypeInfo<T> typeInfo, SseChannelOptions options, SseMetrics metrics, ISseChannelStore? store = null)
    {
        Name = name;
        _typeInfo = typeInfo;
        _options = options;
        _metrics = metrics;
        _formatter = new JsonSseItemFormatter<T>(typeInfo);
        _writer = new SseFrameWriter(_buffer, _formatter.JsonWriterOptions);
        // Ids carry the channel's birth, so an id from before a restart is never taken for a recent one.
        _generation = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        _maxAge = options.HistoryMaxAge is { } age ? (long)(age.TotalSeconds * Stopwatch.Frequency) : 0;
        _history = new SseChannelEntry<T>?[store is null ? options.HistoryLength : 0];
        if (store is not null)
        {
            _store = store;
            _storeName = typeof(T).Name + ":" + name;
            _following = store.Follow(_storeName, new StoreListener(this));
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
                return _store is not null ? _lastDeliveredId : _sequence == 0 ? null : IdOf(_sequence);
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
    public string Publish(T item, string? eventType = null)
    {
        if (_store is not null)
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
        if (_store is null)
        {
            return new ValueTask<string>(PublishLocal(item, eventType));
        }

        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new SseFormatException("The SSE event type contains a line break (CR or LF); it was not published.");
        }

        return new ValueTask<string>(_store.AppendAsync(_storeName, eventType, JsonSerializer.SerializeToUtf8Bytes(item, _typeInfo),
            new SseStoreRetention(_options.HistoryLength, _options.HistoryMaxAge, TimeSpan.FromDays(1)), cancellationToken));
    }

    private string PublishLocal(T item, string? eventType)
    {
        SseSubscriber<T>[] subscribers;
        SseChannelEntry<T> entry;
        lock (_lock)
        {
            var sequence = _sequence + 1;
            var id = IdOf(sequence);
            _buffer.ResetWrittenCount();
            _formatter.Write(_writer, new SseItem<T>(item, eventType) { EventId = id });
            var now = Stopwatch.GetTimestamp();
            entry = new SseChannelEntry<T>(_buffer.WrittenSpan.ToArray(), eventType, sequence, id, now, item);
            _sequence = sequence;
            Remember(entry, now);
            subscribers = _subscribers;
            // Offered under the lock, so every subscriber sees the ids in order and a new subscriber's
            // replay and live events meet with no gap and no repeat.
            for (var i = 0; i < subscribers.Length; i++)
            {
                subscribers[i].Offer(entry);
            }
        }

        return entry.Id;
    }

    /// <summary>
    /// A subscription for one stream: return it from an <c>[SseEndpoint]</c> method. It joins the
    /// channel when the stream starts and leaves it when the stream ends.
    /// </summary>
    /// <param name="lastEventId">
    /// The client's <c>Last-Event-ID</c> header: the stream starts with the events published after
    /// it, or with a <c>reset</c> event (<see cref="SseChannelEvents.Reset"/>) when they are no longer
    /// in the history. <see langword="null"/> or empty: only events published from now on.
    /// </param>
    public SseSubscription<T> Subscribe(string? lastEventId = null) => new(this, lastEventId);

    /// <summary>Joins a stream to the channel: its replay (or reset) and its live events meet with no gap.</summary>
    internal SseSubscriber<T> Attach(string? lastEventId)
    {
        var subscriber = new SseSubscriber<T>(this, _options, _metrics);
        lock (_lock)
        {
            if (_store is not null)
            {
                if (!string.IsNullOrEmpty(lastEventId))
                {
                    // Registered first, replayed after: whatever arrives meanwhile waits in the queue,
                    // and what the replay already holds is skipped there.
                    var skip = new SkipThrough(_store, lastEventId);
                    subscriber.ReplayLater(ReplayFromStoreAsync(lastEventId, _lastDeliveredId, skip), skip.AlreadySent);
                }
            }
            else if (!string.IsNullOrEmpty(lastEventId))
            {
                Trim(Stopwatch.GetTimestamp());
                if (TryParse(lastEventId, out var last) && CanResumeAfter(last))
                {
                    for (var i = 0; i < _historyCount; i++)
                    {
                        var entry = _history[(_historyStart + i) % _history.Length]!;
                        if (entry.Sequence > last)
                        {
                            subscriber.Replay(entry);
                        }
                    }
                }
                else
                {
                    subscriber.Replay(ResetFrame(IdOf(_sequence)));
                }
            }

            var subscribers = _subscribers;
            var grown = new SseSubscriber<T>[subscribers.Length + 1];
            subscribers.CopyTo(grown, 0);
            grown[^1] = subscriber;
            Volatile.Write(ref _subscribers, grown);
        }

        return subscriber;
    }

    /// <summary>Stops following the shared store (the channel is being removed).</summary>
    internal void StopFollowing() => Interlocked.Exchange(ref _following, null)?.Dispose();

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

        var shrunk = new SseSubscriber<T>[subscribers.Length - 1];
        Array.Copy(subscribers, 0, shrunk, 0, index);
        Array.Copy(subscribers, index + 1, shrunk, index, subscribers.Length - index - 1);
        Volatile.Write(ref _subscribers, shrunk);
    }

    private async Task<IReadOnlyList<SseFrame>> ReplayFromStoreAsync(string lastEventId, string? registeredAt, SkipThrough skip)
    {
        var stored = await _store!.ReadAfterAsync(_storeName, lastEventId, Math.Max(_options.HistoryLength, 1), _options.HistoryMaxAge, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            skip.Id = null;
            return [ResetFrame(registeredAt ?? lastEventId)];
        }

        var frames = new List<SseFrame>(stored.Count);
        var writer = new ArrayBufferWriter<byte>(256);
        var frameWriter = new SseFrameWriter(writer, _formatter.JsonWriterOptions);
        foreach (var e in stored)
        {
            writer.ResetWrittenCount();
            frameWriter.WriteUtf8Event(e.Json.Span, e.EventType, e.Id);
            frames.Add(new SseChannelEntry<T>(writer.WrittenSpan.ToArray(), e.EventType, e.Id, Stopwatch.GetTimestamp(), e.Json, _typeInfo));
            skip.Id = e.Id;
        }

        return frames;
    }

    /// <summary>An event from the store, in id order: framed once here, then offered to every local subscriber.</summary>
    private void Deliver(SseStoredEvent stored)
    {
        lock (_lock)
        {
            _buffer.ResetWrittenCount();
            _writer.WriteUtf8Event(stored.Json.Span, stored.EventType, stored.Id);
            var entry = new SseChannelEntry<T>(_buffer.WrittenSpan.ToArray(), stored.EventType, stored.Id, Stopwatch.GetTimestamp(), stored.Json, _typeInfo);
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
        var oldestKept = _historyCount == 0 ? _sequence + 1 : _history[_historyStart]!.Sequence;
        return last + 1 >= oldestKept;
    }

    private void Remember(SseChannelEntry<T> entry, long now)
    {
        if (_history.Length == 0)
        {
            return;
        }

        if (_historyCount == _history.Length)
        {
            _history[_historyStart] = null;
            _historyStart = (_historyStart + 1) % _history.Length;
            _historyCount--;
        }

        _history[(_historyStart + _historyCount) % _history.Length] = entry;
        _historyCount++;
        Trim(now);
    }

    private void Trim(long now)
    {
        if (_maxAge == 0)
        {
            return;
        }

        while (_historyCount > 0 && now - _history[_historyStart]!.PublishedAt > _maxAge)
        {
            _history[_historyStart] = null;
            _historyStart = (_historyStart + 1) % _history.Length;
            _historyCount--;
        }
    }

    private string IdOf(long sequence) => string.Concat(_generation, "-", sequence.ToString(CultureInfo.InvariantCulture));

    private bool TryParse(string id, out long sequence)
    {
        sequence = 0;
        var dash = id.LastIndexOf('-');
        return dash > 0
            && id.AsSpan(0, dash).SequenceEqual(_generation)
            && long.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out sequence);
    }

    private static SseFrame ResetFrame(string latestId) =>
        new(System.Text.Encoding.UTF8.GetBytes($"event: {SseChannelEvents.Reset}\nid: {latestId}\ndata: {{\"latestId\":\"{latestId}\"}}\n\n"), SseChannelEvents.Reset);
}
