using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SseGen.Infrastructure;

/// <summary>
/// One request's stream: pulls items from the producer, frames them into the response pipe,
/// flushes when the producer has nothing ready (or an item has waited long enough), writes
/// keep-alives while it waits, ends a stream whose client stopped reading, and tears down on every
/// path so the producer's <c>finally</c> runs before its owner is disposed.
/// </summary>
internal sealed class SseStreamRunner<T>
{
    // A producer that is always ready would otherwise buffer the whole stream in memory.
    internal const int FlushThreshold = 16 * 1024;

    // The longest a written event waits in the buffer for more events to join it, when the producer
    // keeps completing MoveNextAsync synchronously (slow synchronous work per item).
    internal static readonly TimeSpan MaxBufferDelay = TimeSpan.FromMilliseconds(5);

    // After a disconnect or shutdown, how long a producer gets to observe its token and finish
    // before the response ends without it. Only the cancellation path ever waits on this.
    internal static readonly TimeSpan CancellationGrace = TimeSpan.FromMilliseconds(250);

    private static readonly long MaxBufferDelayTicks = (long)(MaxBufferDelay.TotalSeconds * Stopwatch.Frequency);

    private readonly SseEndpointHost _host;
    private readonly HttpContext _context;
    private readonly string _endpoint;
    private readonly SseItemFormatter<T> _formatter;
    private readonly CancellationToken _token;
    private readonly object? _owner;
    private readonly SseFrameWriter _frame;
    private readonly SseConnection _connection;
    private IAsyncEnumerator<T>? _enumerator;

    // The producer's outstanding MoveNextAsync. _producerPending says whether it has been started and
    // not yet consumed: a ValueTask is read once, so after GetResult it is never looked at again.
    private ValueTask<bool> _next;
    private bool _producerPending;

    // Whether a continuation watches _next: then the item is ready only once it has run (see SseConnection.ProducerReady).
    private bool _watching;
    private bool _started;
    private long _events;
    private long _eventsUnflushed;
    private string? _reason;

    // Stopwatch timestamps: when the previous event was written, and when the oldest unflushed one was (0: none).
    private long _lastItemAt;
    private long _bufferedSince;

    private SseStreamRunner(SseEndpointHost host, HttpContext context, string endpoint, SseItemFormatter<T> formatter, CancellationToken token, object? owner)
    {
        _host = host;
        _context = context;
        _endpoint = endpoint;
        _formatter = formatter;
        _token = token;
        _owner = owner;
        // The loop commits before every flush, so a burst's frames share the pipe's spans.
        _frame = new SseFrameWriter(context.Response.BodyWriter, host.WriterOptions(formatter)) { DeferCommit = true };
        _lastItemAt = Stopwatch.GetTimestamp();
        _connection = new SseConnection(_frame.Pipe, _lastItemAt);
    }

    public static Task RunAsync(SseEndpointHost host, HttpContext context, string endpoint, IAsyncEnumerable<T> items, SseItemFormatter<T> formatter, CancellationToken token, object? owner) =>
        new SseStreamRunner<T>(host, context, endpoint, formatter, token, owner).RunAsync(items);

    private async Task RunAsync(IAsyncEnumerable<T> items)
    {
        var clock = _host.Clock;
        var metrics = _host.Metrics;
        var startedAt = Stopwatch.GetTimestamp();
        metrics.OpenStreams.Add(1, SseMetrics.Endpoint(_endpoint));
        clock?.Register(_connection);
        var registration = _token.UnsafeRegister(static s => ((SseWakeup)s!).Signal(), _connection.Wakeup);
        try
        {
            _enumerator = items.GetAsyncEnumerator(_token);
            await StreamAsync();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            _reason ??= CancelledReason();
        }
        catch (Exception) when (_context.RequestAborted.IsCancellationRequested)
        {
            _reason ??= "client gone";
        }
        catch (Exception ex)
        {
            _reason = "failed";
            await FailAsync(ex);
        }
        finally
        {
            registration.Dispose();
            clock?.Unregister(_connection);
            await TearDownAsync();
            metrics.OpenStreams.Add(-1, SseMetrics.Endpoint(_endpoint));
            metrics.Ended(_endpoint, _reason ?? "completed", Stopwatch.GetElapsedTime(startedAt).TotalSeconds);
            SseLog.StreamEnded(_host.Logger, _endpoint, _reason ?? "completed", _events);
        }
    }

    /// <summary>The loop; returns when the producer is done or the stream must end.</summary>
    private async ValueTask StreamAsync()
    {
        var enumerator = _enumerator!;
        StartMoveNext(enumerator);
        while (true)
        {
            var waited = !_next.IsCompleted;
            if (waited && !await WaitForProducerAsync())
            {
                return;
            }

            var next = _next;
            _next = default;
            _producerPending = false;
            _watching = false;
            if (!await next)
            {
                await CompleteAsync();
                return;
            }

            WriteItem(enumerator.Current);
            var due = FlushDue();
            if (due != FlushReason.None)
            {
                if (!await FlushAsync())
                {
                    return;
                }

                if (due == FlushReason.Time && !waited)
                {
                    // A producer that works synchronously may hold this thread for long again: let
                    // the transport's send, which the flush queued, run before it (on a busy thread
                    // pool it would otherwise wait behind the producer). One that made this item
                    // asynchronously (I/O, a channel) is not holding the thread: its next
                    // MoveNextAsync returns at once, and a yield would cost every event a
                    // thread-pool hop (200,000 a second in the fan-out benchmark).
                    await Task.Yield();
                }
            }

            StartMoveNext(enumerator);
        }
    }

    /// <summary>Whether the outstanding MoveNextAsync may be consumed now.</summary>
    private bool NextReady => _watching ? _connection.ProducerReady : _next.IsCompleted;

    private void StartMoveNext(IAsyncEnumerator<T> enumerator)
    {
        _next = enumerator.MoveNextAsync();
        _producerPending = true;
    }

    /// <summary>
    /// The producer has nothing ready: open the stream if it is not yet, put what is buffered on
    /// the wire, and wait (writing keep-alives) until the item is ready (true) or the stream must end (false).
    /// </summary>
    private async ValueTask<bool> WaitForProducerAsync()
    {
        _connection.WatchProducer(_next);
        _watching = true;
        if (!_started)
        {
            // The client learns at once that it is connected, even if the first item is far off.
            Start();
        }

        if (_frame.UnflushedBytes > 0 || !_context.Response.HasStarted)
        {
            if (!await FlushAsync())
            {
                return false;
            }
        }

        var wakeup = _connection.Wakeup;
        while (true)
        {
            var wait = wakeup.Arm();
            // Every condition is checked after arming: a signal raised before Arm was dropped.
            if (NextReady)
            {
                wakeup.Disarm();
                return true;
            }

            if (_token.IsCancellationRequested)
            {
                wakeup.Disarm();
                _reason ??= CancelledReason();
                return false;
            }

            if (KeepAliveDue())
            {
                wakeup.Disarm();
                _frame.WriteKeepAlive();
                if (!await FlushAsync())
                {
                    return false;
                }

                continue;
            }

            await wait;
        }
    }

    private bool KeepAliveDue()
    {
        var keepAlive = _host.Clock?.KeepAlive ?? 0;
        return keepAlive > 0 && Stopwatch.GetTimestamp() - _connection.LastFlush >= keepAlive;
    }

    private void WriteItem(T item)
    {
        if (_started)
        {
            _formatter.Write(_frame, item);
        }
        else
        {
            WriteFirstItem(item);
        }

        _events++;
        _eventsUnflushed++;
    }

    /// <summary>
    /// Frames the first event aside before anything reaches the response, so an event that is
    /// refused or fails to serialize still leaves room for a 500 instead of an empty stream.
    /// </summary>
    private void WriteFirstItem(T item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        _frame.BeginBuffering(buffer);
        try
        {
            _formatter.Write(_frame, item);
        }
        finally
        {
            _frame.EndBuffering(buffer);
        }

        Start();
        _frame.WriteFrames(buffer.WrittenSpan);
    }

    private enum FlushReason
    {
        None,
        Size,
        Time,
    }

    /// <summary>
    /// Whether the events written so far should go out now although the producer has the next one
    /// ready: enough bytes, an event that has waited <see cref="MaxBufferDelay"/>, or a producer
    /// that took that long to make this one (its next will likely take as long).
    /// </summary>
    private FlushReason FlushDue()
    {
        var now = Stopwatch.GetTimestamp();
        var slowProducer = now - _lastItemAt >= MaxBufferDelayTicks;
        _lastItemAt = now;
        if (_bufferedSince == 0)
        {
            _bufferedSince = now;
        }

        if (slowProducer || now - _bufferedSince >= MaxBufferDelayTicks)
        {
            return FlushReason.Time;
        }

        return _frame.UnflushedBytes >= FlushThreshold ? FlushReason.Size : FlushReason.None;
    }

    /// <summary>Flushes under the write timeout; false when the stream must end.</summary>
    private async ValueTask<bool> FlushAsync()
    {
        _connection.BeginFlush(Stopwatch.GetTimestamp());
        var bytes = _frame.UnflushedBytes;
        var events = _eventsUnflushed;
        _eventsUnflushed = 0;
        System.IO.Pipelines.FlushResult result;
        bool inTime;
        try
        {
            _frame.Commit();
            result = await _frame.Pipe.FlushAsync(_token);
        }
        finally
        {
            inTime = _connection.EndFlush(Stopwatch.GetTimestamp());
            _frame.MarkFlushed();
            _bufferedSince = 0;
        }

        if (!inTime)
        {
            OnWriteTimeout();
            return false;
        }

        if (result.IsCanceled || result.IsCompleted)
        {
            _reason ??= "client gone";
            return false;
        }

        var metrics = _host.Metrics;
        var endpoint = SseMetrics.Endpoint(_endpoint);
        metrics.BytesSent.Add(bytes, endpoint);
        if (events > 0)
        {
            metrics.EventsSent.Add(events, endpoint);
        }

        return true;
    }

    private void OnWriteTimeout()
    {
        _reason = "write timeout";
        SseLog.WriteTimedOut(_host.Logger, _endpoint, _events, _host.Options.WriteTimeout);
        // Closing the connection fires RequestAborted, and with it the producer's token.
        _context.Abort();
    }

    /// <summary>The producer finished: send what is left, or 204 when nothing was ever sent.</summary>
    private async ValueTask CompleteAsync()
    {
        if (!_started)
        {
            // Nothing to stream: 204 tells an EventSource to stop reconnecting.
            _context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (_frame.UnflushedBytes > 0)
        {
            await FlushAsync();
        }
    }

    private async ValueTask FailAsync(Exception ex)
    {
        // Kestrel reports HasStarted only after a flush; _started knows whether bytes are buffered.
        if (!_started && !_context.Response.HasStarted)
        {
            SseLog.FailedBeforeFirstEvent(_host.Logger, _endpoint, ex);
            await SseProblem.WriteServerErrorAsync(_context);
            return;
        }

        SseLog.FailedDuringStream(_host.Logger, _endpoint, _events, ex);
        try
        {
            // The events before the failure still go out, under the write timeout like any flush.
            await FlushAsync();
        }
        catch (Exception)
        {
            // The stream is already ending with a logged error; a client that left is no news.
        }
    }

    private void Start()
    {
        var response = _context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // Response compression middleware leaves a response alone once it has a Content-Encoding.
        response.Headers.ContentEncoding = "identity";
        _context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (_host.Options.ReconnectionInterval is { } retry)
        {
            _frame.WriteRetry(retry);
        }

        _started = true;
    }

    private string CancelledReason() => _context.RequestAborted.IsCancellationRequested ? "client gone" : "cancelled";

    /// <summary>
    /// Disposes the enumerator (so the producer's <c>finally</c> runs), then the owner. A producer
    /// still running gets <see cref="CancellationGrace"/> to notice its token; after that the
    /// response ends without it and the teardown finishes in the background when it yields.
    /// </summary>
    private async ValueTask TearDownAsync()
    {
        if (_enumerator is null)
        {
            await DisposeOwnerAsync();
            return;
        }

        if (_producerPending && !await GraceAsync())
        {
            _ = DisposeWhenReadyAsync();
            return;
        }

        await DisposeProducerAsync();
    }

    /// <summary>Waits up to <see cref="CancellationGrace"/> for the outstanding MoveNextAsync; true when it completed.</summary>
    private async ValueTask<bool> GraceAsync()
    {
        if (!_watching && !_next.IsCompleted)
        {
            // Only the continuation can wake the waits below.
            _connection.WatchProducer(_next);
            _watching = true;
        }

        if (NextReady)
        {
            return true;
        }

        using var grace = new CancellationTokenSource(CancellationGrace);
        using var registration = grace.Token.UnsafeRegister(static s => ((SseWakeup)s!).Signal(), _connection.Wakeup);
        await WaitForProducerOrAsync(grace.Token);
        return NextReady;
    }

    private async Task DisposeWhenReadyAsync()
    {
        await WaitForProducerOrAsync(CancellationToken.None);
        await DisposeProducerAsync();
    }

    /// <summary>Waits until the outstanding MoveNextAsync completes or <paramref name="stop"/> fires (its registration must signal the wake-up).</summary>
    private async ValueTask WaitForProducerOrAsync(CancellationToken stop)
    {
        var wakeup = _connection.Wakeup;
        while (true)
        {
            var wait = wakeup.Arm();
            if (NextReady || stop.IsCancellationRequested)
            {
                wakeup.Disarm();
                return;
            }

            await wait;
        }
    }

    private async ValueTask DisposeProducerAsync()
    {
        if (_producerPending)
        {
            var next = _next;
            _next = default;
            _producerPending = false;
            _watching = false;
            try
            {
                await next;
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
