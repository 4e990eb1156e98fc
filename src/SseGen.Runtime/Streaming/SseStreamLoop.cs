using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace SseGen.Infrastructure;

/// <summary>
/// One request's stream: wait for the producer, write its item, flush when the policy says so or the
/// producer has nothing ready, write keep-alives while it waits, and tear down on every path. The
/// response (<see cref="SseStreamResponse"/>), the producer (<see cref="SseProducerPump{T}"/>) and
/// the output (<see cref="SseStreamOutput"/>: flush policy, write timeout) each do one of those jobs; this puts them in order.
/// </summary>
/// <remarks>
/// Every wait and timestamp is on the app's <see cref="TimeProvider"/> (<see cref="SseEndpointHost.Time"/>).
/// </remarks>
internal sealed class SseStreamLoop<T>
{
    private readonly SseEndpointHost _host;
    private readonly string _endpoint;
    private readonly SseItemFormatter<T> _formatter;
    private readonly CancellationToken _token;
    private readonly TimeProvider _time;
    private readonly SseStreamClock? _clock;
    private readonly SseWakeup _wakeup = new();
    private readonly SseStreamOutput _output;
    private readonly SseStreamResponse _response;
    private readonly SseProducerPump<T> _producer;
    private SseStreamEndReason? _reason;

    private SseStreamLoop(SseEndpointHost host, HttpContext context, string endpoint, SseItemFormatter<T> formatter, CancellationToken token, object? owner)
    {
        _host = host;
        _endpoint = endpoint;
        _formatter = formatter;
        _token = token;
        _time = host.Time;
        _clock = host.Clock;
        // Every flush commits first, so a burst's frames share the pipe's spans.
        var frame = new SseFrameWriter(context.Response.BodyWriter, host.WriterOptions(formatter)) { DeferCommit = true };
        _output = new SseStreamOutput(frame, _wakeup, _time, host.Metrics, endpoint);
        _response = new SseStreamResponse(context, frame, host.Options.ReconnectionInterval);
        _producer = new SseProducerPump<T>(host, endpoint, owner, _wakeup);
    }

    public static Task RunAsync(SseEndpointHost host, HttpContext context, string endpoint, IAsyncEnumerable<T> items, SseItemFormatter<T> formatter, CancellationToken token, object? owner) =>
        new SseStreamLoop<T>(host, context, endpoint, formatter, token, owner).RunAsync(items);

    private async Task RunAsync(IAsyncEnumerable<T> items)
    {
        var metrics = _host.Metrics;
        var startedAt = _time.GetTimestamp();
        metrics.OpenStreams.Add(1, SseMetrics.Endpoint(_endpoint));
        _clock?.Register(_output.Watchdog);
        var registration = _token.UnsafeRegister(static s => ((SseWakeup)s!).Signal(), _wakeup);
        try
        {
            _producer.Start(items, _token);
            await StreamAsync();
        }
        catch (OperationCanceledException) when (_token.IsCancellationRequested)
        {
            _reason ??= CancelledReason();
        }
        catch (Exception) when (_response.ClientGone)
        {
            _reason ??= SseStreamEndReason.ClientGone;
        }
        catch (Exception ex)
        {
            _reason = SseStreamEndReason.Failed;
            await FailAsync(ex);
        }
        finally
        {
            registration.Dispose();
            _clock?.Unregister(_output.Watchdog);
            await _producer.TearDownAsync(_time);
            metrics.OpenStreams.Add(-1, SseMetrics.Endpoint(_endpoint));
            var reason = _reason ?? SseStreamEndReason.Completed;
            metrics.Ended(_endpoint, reason, _time.GetElapsedTime(startedAt).TotalSeconds);
            SseLog.StreamEnded(_host.Logger, _endpoint, reason, _output.Events);
        }
    }

    /// <summary>The loop; returns when the producer is done or the stream must end.</summary>
    private async ValueTask StreamAsync()
    {
        _producer.MoveNext();
        while (true)
        {
            var waited = !_producer.IsCompleted;
            if (waited)
            {
                if (!await BeginWaitAsync())
                {
                    return;
                }

                // The wake-up is awaited here, in the stream's one long-lived state machine: a helper
                // that awaited it would allocate a box on every event a waiting stream gets.
                WaitStep step;
                while ((step = NextWaitStep(out var wait)) != WaitStep.Ready)
                {
                    if (step == WaitStep.End || (step == WaitStep.KeepAlive && !await KeepAliveAsync()))
                    {
                        return;
                    }

                    if (step == WaitStep.Sleep)
                    {
                        await wait;
                    }
                }
            }

            if (!await _producer.Take())
            {
                await CompleteAsync();
                return;
            }

            WriteEvent(_producer.Current);
            var due = _output.EventWritten();
            if (due != SseFlushDecision.Wait)
            {
                if (!await FlushAsync())
                {
                    return;
                }

                if (due == SseFlushDecision.Time && !waited)
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

            _producer.MoveNext();
        }
    }

    /// <summary>
    /// The producer has nothing ready: watch it, start the stream if it has not started, and put
    /// what is buffered on the wire; false when the stream must end.
    /// </summary>
    private ValueTask<bool> BeginWaitAsync()
    {
        _producer.Watch();
        if (!_response.IsStarted)
        {
            // The client learns at once that it is connected, even if the first item is far off.
            _response.Start();
        }

        return _output.HasUnflushed || !_response.HeadersSent ? FlushAsync() : new ValueTask<bool>(true);
    }

    /// <summary>
    /// Arms the wake-up and says what to do: take the item, end, write a keep-alive, or sleep on
    /// <paramref name="wait"/> (only then is it left armed).
    /// </summary>
    private WaitStep NextWaitStep(out ValueTask wait)
    {
        wait = _wakeup.Arm();
        // Every condition is checked after arming: a signal raised before Arm was dropped.
        if (_producer.IsReady)
        {
            _wakeup.Disarm();
            return WaitStep.Ready;
        }

        if (_token.IsCancellationRequested)
        {
            _wakeup.Disarm();
            _reason ??= CancelledReason();
            return WaitStep.End;
        }

        if (_clock is { } clock && _output.KeepAliveDue(clock))
        {
            _wakeup.Disarm();
            return WaitStep.KeepAlive;
        }

        return WaitStep.Sleep;
    }

    private ValueTask<bool> KeepAliveAsync()
    {
        _output.Frame.WriteKeepAlive();
        return FlushAsync();
    }

    private void WriteEvent(T item)
    {
        if (_response.IsStarted)
        {
            _formatter.Write(_output.Frame, item);
        }
        else
        {
            _response.StartWith(_formatter, item);
        }
    }

    /// <summary>Flushes under the write timeout; false when the stream must end (<see cref="_reason"/> says why).</summary>
    private async ValueTask<bool> FlushAsync()
    {
        switch (await _output.FlushAsync(_token))
        {
            case null:
                return true;
            case SseStreamEndReason.WriteTimeout:
                _reason = SseStreamEndReason.WriteTimeout;
                SseLog.WriteTimedOut(_host.Logger, _endpoint, _output.Events, _host.Options.WriteTimeout);
                _response.Abort();
                return false;
            case { } reason:
                _reason ??= reason;
                return false;
        }
    }

    /// <summary>The producer finished: send what is left, or 204 when the stream never started.</summary>
    private async ValueTask CompleteAsync()
    {
        if (!_response.IsStarted)
        {
            _response.AnswerNoContent();
        }
        else if (_output.HasUnflushed)
        {
            await FlushAsync();
        }
    }

    private async ValueTask FailAsync(Exception ex)
    {
        if (_response.CanAnswerError)
        {
            SseLog.FailedBeforeFirstEvent(_host.Logger, _endpoint, ex);
            await _response.AnswerServerErrorAsync();
            return;
        }

        SseLog.FailedDuringStream(_host.Logger, _endpoint, _output.Events, ex);
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

    private SseStreamEndReason CancelledReason() =>
        _response.ClientGone ? SseStreamEndReason.ClientGone : SseStreamEndReason.Cancelled;

    private enum WaitStep
    {
        Ready,
        End,
        KeepAlive,
        Sleep,
    }
}
