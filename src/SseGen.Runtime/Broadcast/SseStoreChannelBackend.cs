using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// A channel in an <see cref="ISseChannelStore"/>: ids, history and order come from the store.
/// Publishing serializes once and appends; the channel follows its key and frames each event the
/// store delivers once for its local subscribers; a resume reads the store.
/// </summary>
internal sealed class SseStoreChannelBackend<T> : SseChannelBackend<T>, ISseStoreListener
{
    private readonly ISseChannelStore _store;
    private readonly string _key;
    private string? _lastDeliveredId;
    private IDisposable? _following;

    public SseStoreChannelBackend(SseChannel<T> channel, ISseChannelStore store) : base(channel)
    {
        _store = store;
        // The name's key, not this instance's: a removed channel's reference appends where the live one follows.
        _key = Owner.StoreName + ":" + channel.Name;
    }

    public override string? LastEventId => _lastDeliveredId;

    public override bool IsStarted => Volatile.Read(ref _following) is not null;

    public override void Start() => _following ??= _store.Follow(_key, this);

    public override string Publish(T item, string? eventType) =>
        throw new InvalidOperationException(
            "This channel lives in a shared store (ISseChannelStore, such as AddSseRedis's), where publishing waits for the store: call PublishAsync, which never blocks a thread.");

    public override ValueTask<string> PublishAsync(T item, string? eventType, CancellationToken cancellationToken)
    {
        if (eventType is not null && eventType.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new SseFormatException("The SSE event type contains a line break (CR or LF); it was not published.");
        }

        return _store.AppendAsync(_key, eventType, JsonSerializer.SerializeToUtf8Bytes(item, Owner.TypeInfo), Owner.StoreRetention, cancellationToken);
    }

    public override void Resume(SseSubscriber<T> subscriber, string lastEventId)
    {
        // Joined now, replayed after: whatever is delivered meanwhile waits in the queue, and what the
        // replay already holds is skipped there.
        var skip = new SkipThrough(_store, lastEventId);
        subscriber.ReplayLater(ReplayAsync(lastEventId, _lastDeliveredId, skip), skip.AlreadySent);
    }

    // The store keeps the history: here a channel only waits out the grace after its last subscriber.
    public override bool HasNothingToKeep(long now, long idleSince) => now - idleSince >= Owner.EmptyGraceTicks;

    public override IDisposable? Release()
    {
        var following = _following;
        _following = null;
        return following;
    }

    /// <summary>An event from the store, in id order: framed once here, then offered to every local subscriber.</summary>
    public void Deliver(SseStoredEvent stored)
    {
        ArgumentException.ThrowIfNullOrEmpty(stored.Id, nameof(stored));
        lock (Channel.Lock)
        {
            BeginFrame().WriteUtf8Event(stored.Json.Span, stored.EventType, stored.Id);
            var entry = new SseChannelEntry<T>(FrameBytes(), stored.EventType, stored.Id, Owner.Time.GetTimestamp(), stored.Json, Owner.TypeInfo);
            _lastDeliveredId = stored.Id;
            Channel.OfferLocked(entry);
        }
    }

    private async Task<IReadOnlyList<SseFrame>> ReplayAsync(string lastEventId, string? registeredAt, SkipThrough skip)
    {
        var stored = await _store.ReadAfterAsync(_key, lastEventId, Math.Max(Owner.Options.HistoryLength, 1), Owner.Options.HistoryMaxAge, CancellationToken.None).ConfigureAwait(false);
        if (stored is null)
        {
            skip.Id = null;
            // The newest id this channel delivered when the stream joined (what it queued since follows);
            // never the client's text. None yet: an empty id, so the client's next reconnect asks for live events only.
            return [SseSignalFrames.Reset(registeredAt ?? "")];
        }

        // Not the channel's buffer: this runs outside its lock, beside live deliveries.
        var frames = new List<SseFrame>(stored.Count);
        var buffer = new ArrayBufferWriter<byte>(256);
        var writer = new SseFrameWriter(buffer, Owner.Formatter.JsonWriterOptions);
        var now = Owner.Time.GetTimestamp();
        foreach (var e in stored)
        {
            buffer.ResetWrittenCount();
            writer.WriteUtf8Event(e.Json.Span, e.EventType, e.Id);
            frames.Add(new SseChannelEntry<T>(buffer.WrittenSpan.ToArray(), e.EventType, e.Id, now, e.Json, Owner.TypeInfo));
            skip.Id = e.Id;
        }

        return frames;
    }

    /// <summary>The newest id a resuming client already has (its own, then the replay's last): live events up to it are skipped.</summary>
    private sealed class SkipThrough(ISseChannelStore store, string id)
    {
        public string? Id { get; set; } = id;

        public bool AlreadySent(SseFrame frame) =>
            Id is { } through && frame is SseChannelEntry<T> entry && store.TryCompare(entry.Id, through, out var order) && order <= 0;
    }
}
