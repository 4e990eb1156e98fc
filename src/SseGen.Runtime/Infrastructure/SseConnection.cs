using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace SseGen.Infrastructure;

/// <summary>
/// Per-stream wake-up signal. While the loop waits for the producer's next item it awaits this
/// source, which completes when the item is ready, when a keep-alive is due, or when the stream is
/// cancelled. It is reused for every wait, so waiting allocates nothing.
/// </summary>
internal sealed class SseConnection : IValueTaskSource<bool>
{
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
    private int _signaled;
    private int _wroteSinceTick;
    private int _keepAliveDue;

    public SseConnection() => ProducerReady = Signal;

    /// <summary>Cached continuation for the producer's pending MoveNextAsync.</summary>
    public Action ProducerReady { get; }

    /// <summary>Called by the loop after it wrote an event.</summary>
    public void MarkWritten() => Volatile.Write(ref _wroteSinceTick, 1);

    /// <summary>True once if a keep-alive became due since the last call.</summary>
    public bool TakeKeepAliveDue() => Interlocked.Exchange(ref _keepAliveDue, 0) == 1;

    public void OnKeepAliveTick()
    {
        if (Interlocked.Exchange(ref _wroteSinceTick, 0) == 0)
        {
            Volatile.Write(ref _keepAliveDue, 1);
            Signal();
        }
    }

    /// <summary>Prepares a new wait. The caller re-checks its conditions afterwards, since a signal raised before this call is dropped.</summary>
    public void Reset()
    {
        _core.Reset();
        Volatile.Write(ref _signaled, 0);
    }

    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    public void Signal()
    {
        if (Interlocked.Exchange(ref _signaled, 1) == 0)
        {
            _core.SetResult(true);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
