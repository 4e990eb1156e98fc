using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One stream's place in a channel: the replay (or reset) it starts with, then its bounded queue of
/// live frames. The channel offers under its lock and never waits; this side is read by one stream.
/// </summary>
internal sealed class SseSubscriber<T> : IAsyncEnumerator<SseFrame>
{
    private readonly SseChannel<T> _channel;
    private readonly Channel<SseFrame> _queue;
    private readonly SseSlowSubscriberPolicy _policy;
    private readonly Counter<long> _dropped;
    private Queue<SseFrame>? _replay;
    private Task<IReadOnlyList<SseFrame>>? _pendingReplay;
    private Func<SseFrame, bool>? _alreadySent;
    private CancellationToken _token;
    private int _missed;
    private int _detached;

    public SseSubscriber(SseChannel<T> channel, SseChannelOptions options, SseMetrics metrics)
    {
        _channel = channel;
        _policy = options.SlowSubscriberPolicy;
        _dropped = metrics.EventsDropped;
        var bounded = new BoundedChannelOptions(options.SubscriberQueueLength)
        {
            SingleReader = true,
            SingleWriter = true, // the channel offers under its lock
            AllowSynchronousContinuations = false,
            FullMode = _policy == SseSlowSubscriberPolicy.DropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
        };
        _queue = _policy == SseSlowSubscriberPolicy.DropOldest
            ? Channel.CreateBounded<SseFrame>(bounded, _ => OnDropped())
            : Channel.CreateBounded<SseFrame>(bounded);
    }

    public SseFrame Current { get; private set; } = null!;

    internal void Start(CancellationToken token) => _token = token;

    /// <summary>Queues a frame that comes before any live one (history, or the reset signal).</summary>
    internal void Replay(SseFrame frame) => (_replay ??= new Queue<SseFrame>()).Enqueue(frame);

    /// <summary>
    /// Frames fetched from a shared store that come before any live one; live frames that
    /// <paramref name="alreadySent"/> says the replay (or the client) already has are skipped.
    /// </summary>
    internal void ReplayLater(Task<IReadOnlyList<SseFrame>> replay, Func<SseFrame, bool> alreadySent)
    {
        _pendingReplay = replay;
        _alreadySent = alreadySent;
    }

    /// <summary>Called by the channel, under its lock, for every published event.</summary>
    internal void Offer(SseFrame frame)
    {
        if (_queue.Writer.TryWrite(frame) || _policy != SseSlowSubscriberPolicy.EndStream)
        {
            return;
        }

        // EndStream: the queue is full; the stream ends after what is queued, and the client resumes from the history.
        if (_queue.Writer.TryComplete())
        {
            _dropped.Add(1, new KeyValuePair<string, object?>(SseMetrics.PolicyTag, "end-stream"));
            _channel.DetachLocked(this);
        }
    }

    public ValueTask<bool> MoveNextAsync()
    {
        if (_pendingReplay is not null)
        {
            return ReplayThenNextAsync();
        }

        if (_replay is { Count: > 0 } replay)
        {
            Current = replay.Dequeue();
            return new ValueTask<bool>(true);
        }

        while (true)
        {
            var missed = Interlocked.Exchange(ref _missed, 0);
            if (missed > 0)
            {
                Current = MissedFrame(missed);
                return new ValueTask<bool>(true);
            }

            if (!_queue.Reader.TryRead(out var frame))
            {
                return WaitAsync();
            }

            if (_alreadySent is null || !_alreadySent(frame))
            {
                Current = frame;
                return new ValueTask<bool>(true);
            }
        }
    }

    private async ValueTask<bool> ReplayThenNextAsync()
    {
        var frames = await _pendingReplay!.WaitAsync(_token).ConfigureAwait(false);
        _pendingReplay = null;
        foreach (var frame in frames)
        {
            Replay(frame);
        }

        return await MoveNextAsync().ConfigureAwait(false);
    }

    // Pooled: a subscriber waits once per event it is not already behind on, for as long as it lives.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WaitAsync()
    {
        while (await _queue.Reader.WaitToReadAsync(_token).ConfigureAwait(false))
        {
            var missed = Interlocked.Exchange(ref _missed, 0);
            if (missed > 0)
            {
                Current = MissedFrame(missed);
                return true;
            }

            while (_queue.Reader.TryRead(out var frame))
            {
                if (_alreadySent is null || !_alreadySent(frame))
                {
                    Current = frame;
                    return true;
                }
            }
        }

        return false;
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0)
        {
            _channel.Detach(this);
        }

        return default;
    }

    private void OnDropped()
    {
        Interlocked.Increment(ref _missed);
        _dropped.Add(1, new KeyValuePair<string, object?>(SseMetrics.PolicyTag, "drop-oldest"));
    }

    private static SseFrame MissedFrame(int count) => SseSignalFrames.Missed(count);
}
