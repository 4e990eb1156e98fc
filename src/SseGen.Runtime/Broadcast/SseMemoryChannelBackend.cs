using System;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Threading;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// A channel in this process alone: ids from a sequence, a bounded history trimmed by length and by
/// age on the channels' clock, and publishing that never waits.
/// </summary>
internal sealed class SseMemoryChannelBackend<T> : SseChannelBackend<T>
{
    // Ids carry the channel's birth, so an id from before a restart, or from a channel of the same
    // name removed since, is never taken for one of this channel's (a channel lives at least the
    // empty grace, so two of one name are born at different milliseconds).
    private readonly long _generation;
    private SseChannelHistory<T>? _history;
    private long _sequence;

    public SseMemoryChannelBackend(SseChannel<T> channel) : base(channel)
    {
        _generation = Owner.Time.GetUtcNow().ToUnixTimeMilliseconds();
    }

    public override string? LastEventId => _sequence == 0 ? null : IdOf(_sequence);

    public override string Publish(T item, string? eventType)
    {
        var sequence = _sequence + 1;
        var id = IdOf(sequence);
        Owner.Formatter.Write(BeginFrame(), new SseItem<T>(item, eventType) { EventId = id });
        var now = Owner.Time.GetTimestamp();
        var entry = new SseChannelEntry<T>(FrameBytes(), eventType, sequence, id, now, item);
        _sequence = sequence;
        Remember(entry, now);
        // Offered under the lock, so every subscriber sees the ids in order and a new subscriber's
        // replay and live events meet with no gap and no repeat.
        Channel.OfferLocked(entry);
        return id;
    }

    public override ValueTask<string> PublishAsync(T item, string? eventType, CancellationToken cancellationToken) =>
        new(Channel.Publish(item, eventType));

    public override void Resume(SseSubscriber<T> subscriber, string lastEventId)
    {
        TrimByAge(Owner.Time.GetTimestamp());
        if (!TryParse(lastEventId, out var last) || !CanResumeAfter(last))
        {
            subscriber.Replay(SseSignalFrames.Reset(IdOf(_sequence)));
            return;
        }

        for (var i = 0; i < (_history?.Count ?? 0); i++)
        {
            var entry = _history![i];
            if (entry.Sequence > last)
            {
                subscriber.Replay(entry);
            }
        }
    }

    public override bool HasNothingToKeep(long now, long idleSince)
    {
        TrimByAge(now);
        return _history is not { Count: > 0 } history
            ? now - idleSince >= Owner.EmptyGraceTicks
            : now - history.Newest.PublishedAt >= Owner.IdleLifetimeTicks;
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
        if (Owner.Options.HistoryLength == 0)
        {
            return;
        }

        (_history ??= new SseChannelHistory<T>(Owner.Options.HistoryLength)).Add(entry);
        TrimByAge(now);
    }

    private void TrimByAge(long now)
    {
        if (Owner.MaxAgeTicks != 0 && _history is { Count: > 0 } history)
        {
            history.RemovePublishedBefore(now - Owner.MaxAgeTicks - 1);
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
