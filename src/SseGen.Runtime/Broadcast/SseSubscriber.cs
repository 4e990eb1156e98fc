using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// One stream's place in a channel: the replay (or reset) it starts with, then its bounded queue of
/// live frames. The channel offers under its lock and never waits; this side is read by one stream.
/// </summary>
/// <remarks>
/// A stream that is waiting when a frame is offered gets it handed over at once, and the channel's
/// delivery pass (<see cref="SseDelivery{T}"/>) completes its wait on the pass's thread: the
/// stream's loop then writes and flushes there, so one pass serves many subscribers with no
/// thread-pool hop per subscriber. Every change of state is under this subscriber's lock; exactly
/// one of the offer (by <see cref="Wake"/>) and the cancellation completes a wait.
/// </remarks>
internal sealed class SseSubscriber<T> : IAsyncEnumerator<SseFrame>, IValueTaskSource<bool>
{
    private readonly SseChannel<T> _channel;
    private readonly SseSlowSubscriberPolicy _policy;
    private readonly int _capacity;
    private readonly Counter<long> _dropped;
    private readonly Lock _gate = new();
    private readonly SseFrameQueue _queue = new();
    // Continuations run where the wait completes: on the delivery pass, never under a lock.
    private ManualResetValueTaskSourceCore<bool> _wait;
    private Queue<SseFrame>? _replay;
    private Task<IReadOnlyList<SseFrame>>? _pendingReplay;
    private Func<SseFrame, bool>? _alreadySent;
    private CancellationToken _token;
    private CancellationTokenRegistration _cancellation;
    private int _missed;
    private bool _ended;
    private bool _waiting;
    private int _detached;

    public SseSubscriber(SseChannel<T> channel, SseChannelOptions options, SseMetrics metrics)
    {
        _channel = channel;
        _policy = options.SlowSubscriberPolicy;
        _capacity = Math.Max(1, options.SubscriberQueueLength);
        _dropped = metrics.EventsDropped;
    }

    public SseFrame Current { get; private set; } = null!;

    internal void Start(CancellationToken token)
    {
        _token = token;
        // Queued, not run here: the canceller's thread (Kestrel's abort, the app stopping) must not run the stream's teardown.
        _cancellation = token.UnsafeRegister(
            static s => ThreadPool.UnsafeQueueUserWorkItem(static s => ((SseSubscriber<T>)s!).Cancel(), s, preferLocal: false), this);
    }

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

    /// <summary>
    /// Called by the channel, under its lock, for every published event. True when the stream was
    /// waiting and the frame was handed to it: the caller must then <see cref="Wake"/> it, after the lock.
    /// </summary>
    internal bool Offer(SseFrame frame)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return false;
            }

            if (_waiting)
            {
                // Waiting means nothing is queued, missed or replayed: this frame is the next one.
                if (_alreadySent is not null && _alreadySent(frame))
                {
                    return false;
                }

                Current = frame;
                _waiting = false;
                return true;
            }

            if (_queue.Count < _capacity)
            {
                _queue.Enqueue(frame);
                return false;
            }

            if (_policy == SseSlowSubscriberPolicy.EndStream)
            {
                // The stream ends after what is queued, and the client resumes from the history.
                _ended = true;
                _dropped.Add(1, new KeyValuePair<string, object?>(SseMetrics.PolicyTag, "end-stream"));
                _channel.DetachLocked(this);
                return false;
            }

            _queue.TryDequeue(out _);
            _queue.Enqueue(frame);
            _missed++;
            _dropped.Add(1, new KeyValuePair<string, object?>(SseMetrics.PolicyTag, "drop-oldest"));
            return false;
        }
    }

    /// <summary>Completes the wait <see cref="Offer"/> handed a frame to; the stream's loop runs on this thread.</summary>
    internal void Wake() => _wait.SetResult(true);

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

        lock (_gate)
        {
            if (_missed > 0)
            {
                Current = SseSignalFrames.Missed(_missed);
                _missed = 0;
                return new ValueTask<bool>(true);
            }

            while (_queue.TryDequeue(out var frame))
            {
                if (_alreadySent is null || !_alreadySent(frame))
                {
                    Current = frame;
                    return new ValueTask<bool>(true);
                }
            }

            if (_ended)
            {
                return new ValueTask<bool>(false);
            }

            if (_token.IsCancellationRequested)
            {
                // Its callback may have run already, finding no wait to cancel.
                return ValueTask.FromCanceled<bool>(_token);
            }

            _wait.Reset();
            _waiting = true;
            return new ValueTask<bool>(this, _wait.Version);
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

    private void Cancel()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _wait.SetException(new OperationCanceledException(_token));
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _detached, 1) == 0)
        {
            _cancellation.Dispose();
            _channel.Detach(this);
        }

        return default;
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _wait.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _wait.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wait.OnCompleted(continuation, state, token, flags);
}
