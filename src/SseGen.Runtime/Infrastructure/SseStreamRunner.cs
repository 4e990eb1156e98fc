using System;
using System.Buffers;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SseGen.Infrastructure;

/// <summary>
/// The per-request stream loop: pulls items from the producer, frames them into the response pipe,
/// flushes only when the producer has nothing ready, writes keep-alives while it waits, and tears
/// down on every path so the producer's <c>finally</c> runs before its owner is disposed.
/// </summary>
internal static class SseStreamRunner<T>
{
    // A producer that is always ready would otherwise buffer the whole stream in memory.
    internal const int FlushThreshold = 16 * 1024;

    // After a disconnect or shutdown, how long a producer gets to observe its token and finish
    // before the response ends without it. Only the cancellation path ever waits on this.
    internal static readonly TimeSpan CancellationGrace = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(SseEndpointHost host, HttpContext context, string endpoint, IAsyncEnumerable<T> items, SseItemFormatter<T> formatter, CancellationToken token, object? owner)
    {
        var response = context.Response;
        var frame = new SseFrameWriter(response.BodyWriter, formatter.JsonWriterOptions);
        var connection = new SseConnection();
        var clock = host.KeepAliveClock;
        var started = false;
        var registered = false;
        long events = 0;
        var reason = "completed";
        IAsyncEnumerator<T>? enumerator = null;
        ValueTask<bool> pending = default;

        clock?.Register(connection);
        var registration = token.UnsafeRegister(static s => ((SseConnection)s!).Signal(), connection);
        try
        {
            enumerator = items.GetAsyncEnumerator(token);
            while (true)
            {
                pending = enumerator.MoveNextAsync();
                if (!pending.IsCompleted)
                {
                    pending.GetAwaiter().UnsafeOnCompleted(connection.ProducerReady);
                    registered = true;

                    // The producer has nothing ready: this is the moment to put the burst on the wire.
                    if (frame.UnflushedBytes > 0 && !await FlushAsync(frame, token))
                    {
                        reason = "client gone";
                        break;
                    }

                    if (!await WaitForProducerAsync(host, response, frame, connection, pending, token, started))
                    {
                        reason = token.IsCancellationRequested ? "cancelled" : "client gone";
                        break;
                    }

                    started |= response.HasStarted;
                }

                var hasItem = await pending;
                pending = default;
                registered = false;
                if (!hasItem)
                {
                    break;
                }

                if (started)
                {
                    formatter.Write(frame, enumerator.Current);
                }
                else
                {
                    WriteFirstEvent(host, response, frame, formatter, enumerator.Current);
                    started = true;
                }

                events++;
                connection.MarkWritten();
                if (frame.UnflushedBytes >= FlushThreshold && !await FlushAsync(frame, token))
                {
                    reason = "client gone";
                    break;
                }
            }

            if (pending.IsCompleted)
            {
                if (!started)
                {
                    Start(host, response, frame);
                }

                await FlushAsync(frame, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            reason = "cancelled";
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            reason = "client gone";
        }
        catch (Exception ex)
        {
            reason = "failed";
            // Kestrel reports HasStarted only after a flush; `started` knows whether bytes are buffered.
            if (!started && !response.HasStarted)
            {
                SseLog.FailedBeforeFirstEvent(host.Logger, endpoint, ex);
                await SseProblem.WriteAsync(context, StatusCodes.Status500InternalServerError, "An error occurred while processing your request.",
                    "https://tools.ietf.org/html/rfc9110#section-15.6.1", detail: null);
            }
            else
            {
                SseLog.FailedDuringStream(host.Logger, endpoint, events, ex);
                await TryFlushAsync(frame);
            }
        }
        finally
        {
            registration.Dispose();
            clock?.Unregister(connection);
            if (enumerator is not null && !pending.IsCompleted)
            {
                if (!registered)
                {
                    pending.GetAwaiter().UnsafeOnCompleted(connection.ProducerReady);
                }

                // The producer ignored the token and is still running: end the response now and
                // dispose the enumerator, then its owner, when it finally yields.
                _ = DisposeWhenReadyAsync(host, endpoint, connection, pending, enumerator, owner);
            }
            else
            {
                if (enumerator is not null)
                {
                    await DisposeAsync(host, endpoint, enumerator);
                }

                await DisposeOwnerAsync(host, endpoint, owner);
            }

            SseLog.StreamEnded(host.Logger, endpoint, reason, events);
        }
    }

    /// <summary>
    /// Frames the first event aside before anything reaches the response, so an event that is
    /// refused or fails to serialize still leaves room for a 500 instead of an empty stream.
    /// </summary>
    private static void WriteFirstEvent(SseEndpointHost host, HttpResponse response, SseFrameWriter frame, SseItemFormatter<T> formatter, T item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        frame.BeginBuffering(buffer);
        try
        {
            formatter.Write(frame, item);
        }
        finally
        {
            frame.EndBuffering(buffer);
        }

        Start(host, response, frame);
        frame.WriteRaw(buffer.WrittenSpan);
    }

    /// <summary>Waits until the pending item is ready (true) or the stream is cancelled (false), writing keep-alives meanwhile.</summary>
    private static async ValueTask<bool> WaitForProducerAsync(SseEndpointHost host, HttpResponse response, SseFrameWriter frame, SseConnection connection, ValueTask<bool> pending, CancellationToken token, bool started)
    {
        while (true)
        {
            connection.Reset();
            // A signal raised before Reset is dropped, so every condition is checked again here.
            if (pending.IsCompleted)
            {
                return true;
            }

            if (token.IsCancellationRequested)
            {
                return await GraceAsync(connection, pending);
            }

            if (!connection.TakeKeepAliveDue())
            {
                await connection.WaitAsync();
                if (pending.IsCompleted)
                {
                    return true;
                }

                if (token.IsCancellationRequested)
                {
                    return await GraceAsync(connection, pending);
                }

                if (!connection.TakeKeepAliveDue())
                {
                    continue;
                }
            }

            if (!started)
            {
                // An idle producer still gets its headers out with the first keep-alive.
                Start(host, response, frame);
                started = true;
            }

            frame.WriteKeepAlive();
            if (!await FlushAsync(frame, token))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// The stream is cancelled; a producer that observes its token finishes within moments, so
    /// give it that moment: its <c>finally</c> then runs before the request (and its services and
    /// the endpoint's instance) is torn down. True when it finished in time.
    /// </summary>
    private static async ValueTask<bool> GraceAsync(SseConnection connection, ValueTask<bool> pending)
    {
        connection.Reset();
        if (pending.IsCompleted)
        {
            return true;
        }

        var ready = connection.WaitAsync().AsTask();
        await Task.WhenAny(ready, Task.Delay(CancellationGrace)).ConfigureAwait(false);
        return pending.IsCompleted;
    }

    private static void Start(SseEndpointHost host, HttpResponse response, SseFrameWriter frame)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // Response compression middleware leaves a response alone once it has a Content-Encoding.
        response.Headers.ContentEncoding = "identity";
        response.HttpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (host.Options.ReconnectionInterval is { } retry)
        {
            frame.WriteRetry(retry);
        }
    }

    private static async ValueTask<bool> FlushAsync(SseFrameWriter frame, CancellationToken token)
    {
        var result = await frame.Pipe.FlushAsync(token);
        frame.MarkFlushed();
        return !result.IsCanceled && !result.IsCompleted;
    }

    private static async ValueTask TryFlushAsync(SseFrameWriter frame)
    {
        try
        {
            await frame.Pipe.FlushAsync();
        }
        catch (Exception)
        {
            // The stream is already ending with a logged error; a client that left is no news.
        }
    }

    private static async ValueTask DisposeAsync(SseEndpointHost host, string endpoint, IAsyncEnumerator<T> enumerator)
    {
        try
        {
            await enumerator.DisposeAsync();
        }
        catch (Exception ex)
        {
            SseLog.DisposeFailed(host.Logger, endpoint, ex);
        }
    }

    private static async ValueTask DisposeOwnerAsync(SseEndpointHost host, string endpoint, object? owner)
    {
        try
        {
            if (owner is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (owner is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
        catch (Exception ex)
        {
            SseLog.DisposeFailed(host.Logger, endpoint, ex);
        }
    }

    private static async Task DisposeWhenReadyAsync(SseEndpointHost host, string endpoint, SseConnection connection, ValueTask<bool> pending, IAsyncEnumerator<T> enumerator, object? owner)
    {
        // The producer's continuation is already registered on the connection, so wait on that
        // rather than awaiting the pending ValueTask a second time.
        while (true)
        {
            connection.Reset();
            if (pending.IsCompleted)
            {
                break;
            }

            await connection.WaitAsync();
        }

        try
        {
            await pending;
        }
        catch (Exception)
        {
            // The request is over; a producer that ends by throwing after cancellation is expected.
        }

        await DisposeAsync(host, endpoint, enumerator);
        await DisposeOwnerAsync(host, endpoint, owner);
    }
}
