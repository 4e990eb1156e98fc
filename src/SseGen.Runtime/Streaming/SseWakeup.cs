using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace SseGen.Infrastructure;

/// <summary>
/// The stream loop's reusable wake-up: the loop arms it, re-checks its conditions, and then either
/// disarms it or awaits it; the producer's continuation, the keep-alive clock and the cancellation
/// callback call <see cref="Signal"/> from any thread at any time.
/// </summary>
/// <remarks>
/// A signal reaches only the wait that is armed when it is raised; with none armed it is dropped,
/// which is safe because the loop re-checks every condition after arming. A late signal (say, the
/// continuation of an item the loop already took) can therefore only wake a later wait early, and
/// the loop re-checks and waits again. All state changes happen under one lock, so no interleaving
/// of <see cref="Arm"/>, <see cref="Disarm"/>, <see cref="Signal"/> and completion can complete the
/// wrong wait or run a continuation twice (<c>ManualResetValueTaskSourceCore</c> does not allow its
/// <c>Reset</c> to race <c>SetResult</c>, which is what once crashed the process here).
/// <see cref="Signal"/> resumes the loop on the thread pool; <see cref="SignalInline"/> runs it on the
/// signalling thread, after the lock is released, so the loop may arm the next wait from inside it.
/// </remarks>
internal sealed class SseWakeup : IValueTaskSource
{
    private readonly Lock _gate = new();
    private short _version;
    private bool _armed;
    private bool _signaled;
    private Action<object?>? _continuation;
    private object? _continuationState;
    private ExecutionContext? _executionContext;

    /// <summary>Starts a new wait. Only the loop calls it, and never while a previous wait is still awaited.</summary>
    public ValueTask Arm()
    {
        lock (_gate)
        {
            if (_continuation is not null)
            {
                throw new InvalidOperationException("The previous wait is still being awaited.");
            }

            _version++;
            _armed = true;
            _signaled = false;
            return new ValueTask(this, _version);
        }
    }

    /// <summary>Ends an armed wait that the loop decided not to await.</summary>
    public void Disarm()
    {
        lock (_gate)
        {
            _armed = false;
            _signaled = false;
        }
    }

    /// <summary>Completes the armed wait, if there is one; otherwise does nothing. The loop resumes on the thread pool.</summary>
    public void Signal()
    {
        if (TakeContinuation(out var continuation, out var state, out var context))
        {
            Schedule(continuation, state, context);
        }
    }

    /// <summary>
    /// Completes the armed wait and resumes the loop on this thread, before returning. Only for the
    /// producer's own completion (and the channel's delivery pass, which is one): the thread that
    /// made the item runs the loop that writes it, as an <c>await foreach</c> would, instead of
    /// paying a thread-pool hop per event. Never for the clock or a cancellation callback, whose
    /// threads must not run a stream.
    /// </summary>
    public void SignalInline()
    {
        if (!TakeContinuation(out var continuation, out var state, out var context))
        {
            return;
        }

        if (context is null)
        {
            continuation(state);
        }
        else
        {
            ExecutionContext.Run(context, new ContextCallback(continuation), state);
        }
    }

    private bool TakeContinuation([NotNullWhen(true)] out Action<object?>? continuation, out object? state, out ExecutionContext? context)
    {
        lock (_gate)
        {
            if (!_armed || _signaled)
            {
                continuation = null;
                state = null;
                context = null;
                return false;
            }

            _signaled = true;
            continuation = _continuation;
            state = _continuationState;
            context = _executionContext;
            _continuation = null;
            _continuationState = null;
            _executionContext = null;
            return continuation is not null;
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token)
    {
        lock (_gate)
        {
            Validate(token);
            return _signaled ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Pending;
        }
    }

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        ArgumentNullException.ThrowIfNull(continuation);
        var context = (flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0 ? ExecutionContext.Capture() : null;
        lock (_gate)
        {
            Validate(token);
            if (!_signaled)
            {
                if (_continuation is not null)
                {
                    throw new InvalidOperationException("Only one continuation may wait for a wake-up.");
                }

                _continuation = continuation;
                _continuationState = state;
                _executionContext = context;
                return;
            }
        }

        Schedule(continuation, state, context);
    }

    void IValueTaskSource.GetResult(short token)
    {
        lock (_gate)
        {
            Validate(token);
            if (!_signaled)
            {
                throw new InvalidOperationException("The wake-up has not been signaled.");
            }

            _armed = false;
            _signaled = false;
        }
    }

    private void Validate(short token)
    {
        if (!_armed || token != _version)
        {
            throw new InvalidOperationException("This wait is no longer armed: a ValueTask was used after it completed.");
        }
    }

    private static void Schedule(Action<object?> continuation, object? state, ExecutionContext? context)
    {
        if (context is null)
        {
            ThreadPool.UnsafeQueueUserWorkItem(continuation, state, preferLocal: false);
        }
        else
        {
            // Only a caller that asked for its ExecutionContext to flow gets here; awaits in the loop do not.
            ThreadPool.UnsafeQueueUserWorkItem(_ => ExecutionContext.Run(context, new ContextCallback(continuation), state), null);
        }
    }
}
