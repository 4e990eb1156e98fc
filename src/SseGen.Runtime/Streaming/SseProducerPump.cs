using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Infrastructure;

/// <summary>
/// The producer side of one stream: its one outstanding <c>MoveNextAsync</c>, whether the loop may
/// take that item yet, and the teardown: the producer disposed (so its <c>finally</c> runs) and only
/// then its owner, with a grace for a producer still running after its token fired.
/// </summary>
internal sealed class SseProducerPump<T>
{
    /// <summary>
    /// After a disconnect or shutdown, how long a producer gets to observe its token and finish
    /// before the response ends without it. Only the cancellation path ever waits on this.
    /// </summary>
    internal static readonly TimeSpan CancellationGrace = TimeSpan.FromMilliseconds(250);

    private readonly SseEndpointHost _host;
    private readonly string _endpoint;
    private readonly object? _owner;
    private readonly SseWakeup _wakeup;
    private readonly Action _onReady;
    private IAsyncEnumerator<T>? _enumerator;

    // The outstanding MoveNextAsync. _pending says whether it was started and not yet taken: a
    // ValueTask is read once, so after Take it is never looked at again.
    private ValueTask<bool> _next;
    private bool _pending;

    // Whether a continuation watches _next: then its item is ready only once that has run (_ready).
    private bool _watching;
    private int _ready;

    public SseProducerPump(SseEndpointHost host, string endpoint, object? owner, SseWakeup wakeup)
    {
        _host = host;
        _endpoint = endpoint;
        _owner = owner;
        _wakeup = wakeup;
        _onReady = OnReady;
    }

    /// <summary>Whether the outstanding <c>MoveNextAsync</c> completed without the loop having to wait for it.</summary>
    public bool IsCompleted => _next.IsCompleted;

    /// <summary>
    /// Whether the loop may take the item now. Once watched, only after the continuation ran:
    /// <c>IsCompleted</c> turns true a moment before the producer invokes it, and a
    /// <c>MoveNextAsync</c> issued in that moment resets the producer's promise under the
    /// continuation still being invoked (its state reads null: a crash).
    /// </summary>
    public bool IsReady => _watching ? Volatile.Read(ref _ready) == 1 : _next.IsCompleted;

    public T Current => _enumerator!.Current;

    public void Start(IAsyncEnumerable<T> items, CancellationToken token) => _enumerator = items.GetAsyncEnumerator(token);

    public void MoveNext()
    {
        _next = _enumerator!.MoveNextAsync();
        _pending = true;
    }

    /// <summary>Hands the outstanding <c>MoveNextAsync</c> to the loop, which awaits it once.</summary>
    public ValueTask<bool> Take()
    {
        var next = _next;
        _next = default;
        _pending = false;
        _watching = false;
        return next;
    }

    /// <summary>The loop will wait: registers the (cached, allocation-free) continuation that signals the wake-up.</summary>
    public void Watch()
    {
        Volatile.Write(ref _ready, 0);
        _watching = true;
        _next.GetAwaiter().UnsafeOnCompleted(_onReady);
    }

    /// <summary>
    /// Disposes the producer, then the owner. A producer still running gets
    /// <see cref="CancellationGrace"/> (on <paramref name="time"/>) to notice its token; after that
    /// the response ends without it and the teardown finishes in the background when it yields.
    /// </summary>
    public async ValueTask TearDownAsync(TimeProvider time)
    {
        if (_enumerator is null)
        {
            await DisposeOwnerAsync();
            return;
        }

        if (_pending && !await GraceAsync(time))
        {
            _ = DisposeWhenReadyAsync();
            return;
        }

        await DisposeProducerAsync();
    }

    private void OnReady()
    {
        Volatile.Write(ref _ready, 1);
        // On the producer's own completion: the loop takes the item on this thread, as the built-in's
        // await foreach does, instead of a thread-pool hop per event. The continuation has run by the
        // time the loop calls MoveNextAsync again, which is what IsReady waits for.
        _wakeup.SignalInline();
    }

    /// <summary>Waits up to <see cref="CancellationGrace"/> for the outstanding MoveNextAsync; true when it completed.</summary>
    private async ValueTask<bool> GraceAsync(TimeProvider time)
    {
        if (!_watching && !_next.IsCompleted)
        {
            // Only the continuation can wake the waits below.
            Watch();
        }

        if (IsReady)
        {
            return true;
        }

        using var grace = new CancellationTokenSource(CancellationGrace, time);
        using var registration = grace.Token.UnsafeRegister(static s => ((SseWakeup)s!).Signal(), _wakeup);
        await WaitUntilReadyOrAsync(grace.Token);
        return IsReady;
    }

    private async Task DisposeWhenReadyAsync()
    {
        await WaitUntilReadyOrAsync(CancellationToken.None);
        await DisposeProducerAsync();
    }

    /// <summary>Waits until the outstanding MoveNextAsync completed or <paramref name="stop"/> fired (its registration must signal the wake-up).</summary>
    private async ValueTask WaitUntilReadyOrAsync(CancellationToken stop)
    {
        while (true)
        {
            var wait = _wakeup.Arm();
            if (IsReady || stop.IsCancellationRequested)
            {
                _wakeup.Disarm();
                return;
            }

            await wait;
        }
    }

    private async ValueTask DisposeProducerAsync()
    {
        if (_pending)
        {
            try
            {
                await Take();
            }
            catch (Exception)
            {
                // The stream is over; a producer that ends by throwing after cancellation is expected.
            }
        }

        try
        {
            await _enumerator!.DisposeAsync();
        }
        catch (Exception ex)
        {
            SseLog.DisposeFailed(_host.Logger, _endpoint, ex);
        }

        await DisposeOwnerAsync();
    }

    private ValueTask DisposeOwnerAsync() => _host.DisposeOwnerAsync(_owner, _endpoint);
}
