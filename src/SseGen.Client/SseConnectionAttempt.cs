using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>
/// One request of a stream and, when the answer is an event stream, its events: the request resumes after
/// <see cref="LastEventId"/>, the status is judged by <see cref="SseResponseStatus"/>, the body is read under the idle
/// timer and the event size limit, and a channel's signals go to the handler. A failure of this connection (network,
/// idle timeout, retried status) ends the enumeration quietly and the loop reconnects; a final answer throws. Afterwards
/// it holds what the next attempt needs. Used once.
/// </summary>
internal sealed class SseConnectionAttempt<T>(
    HttpClient client,
    string requestUri,
    SseItemParser<T> itemParser,
    string itemTypeName,
    SseClientOptions options,
    TimeProvider time,
    string? lastEventId,
    TimeSpan? serverRetry)
{
    private HttpResponseMessage? _response;
    private IdleWatchStream? _body;

    /// <summary>The last event id buffer: the one this attempt resumed after, until its connection names another.</summary>
    public string? LastEventId { get; private set; } = lastEventId;

    /// <summary>The server's last <c>retry:</c>, on this connection or an earlier one.</summary>
    public TimeSpan? ServerRetry { get; private set; } = serverRetry;

    /// <summary>The <c>Retry-After</c> of a retried status, if it had one.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    /// <summary>At least one event, item or signal, came on this connection.</summary>
    public bool Delivered { get; private set; }

    /// <summary>The server answered 204 No Content: the stream is over for good.</summary>
    public bool Ended { get; private set; }

    /// <param name="cancellationToken">The caller's: it stops everything, and only it makes a failure more than this connection's.</param>
    public async IAsyncEnumerable<SseItem<T>> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var idleSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleSource.Token);
        var idle = new IdleTimer(idleSource, options.IdleTimeout);
        IAsyncEnumerator<SseItem<SseEventPayload<T>>>? events = null;
        try
        {
            var body = await OpenAsync(idle, connection.Token, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                yield break;
            }

            var decoder = new SseEventDecoder<T>(requestUri, itemParser, itemTypeName) { LastEventId = LastEventId };
            var limited = new EventSizeLimitStream(body, options.MaxEventSize, requestUri);
            var parser = SseParser.Create(limited, decoder.Decode);
            decoder.Parser = parser;

            // The parser's id starts empty on each connection, so its "" means "no id yet" until this
            // connection names one; from then on it is the last event id buffer, an empty `id:` included.
            var namedId = false;
            events = parser.EnumerateAsync(connection.Token).GetAsyncEnumerator(connection.Token);
            while (true)
            {
                var dispatched = false;
                try
                {
                    dispatched = await events.MoveNextAsync().ConfigureAwait(false);
                    if (!dispatched)
                    {
                        yield break; // the server closed the stream: reconnect, as EventSource does
                    }
                }
                catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
                {
                    yield break;
                }
                finally
                {
                    if (parser.ReconnectionInterval >= TimeSpan.Zero)
                    {
                        ServerRetry = parser.ReconnectionInterval;
                    }

                    // Also after the last event: an `id:` in an event with no data is dispatched as nothing. But the
                    // parser takes an `id:` as its line arrives, and the spec only at the blank line: the id of an
                    // event the connection cut short must not be sent (the reconnect would skip that event).
                    if (dispatched || !limited.InEvent)
                    {
                        namedId |= parser.LastEventId.Length > 0;
                        if (namedId)
                        {
                            LastEventId = NullIfEmpty(parser.LastEventId);
                        }
                    }
                }

                var item = events.Current;
                if (item.EventId is not null)
                {
                    // This event had an `id:` field; an empty one resets the id (the spec's last event ID buffer),
                    // so reconnects send no Last-Event-ID until the server names a new one.
                    namedId = true;
                    LastEventId = NullIfEmpty(parser.LastEventId);
                }

                decoder.LastEventId = LastEventId;
                Delivered = true;
                if (item.Data.Signal is { } signal)
                {
                    // In stream order, before the next item: a reset's handler reloads state before the events after it.
                    if (options.OnChannelSignal is not { } onSignal)
                    {
                        throw new SseChannelSignalException(signal, requestUri);
                    }

                    await onSignal(signal, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // SseParser passes `event:` with an empty value through as ""; the spec's type is then "message".
                var eventType = item.EventType.Length == 0 ? SseParser.EventTypeDefault : item.EventType;
                yield return new SseItem<T>(item.Data.Item, eventType) { EventId = LastEventId, ReconnectionInterval = ServerRetry };
            }
        }
        finally
        {
            idle.Stop();
            if (_body is not null)
            {
                await _body.AbortAsync().ConfigureAwait(false);
            }

            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            _response?.Dispose();
        }
    }

    /// <summary>Sends the request and opens the body; null when there is none to read (204, a retried status, a failed connection).</summary>
    private async Task<IdleWatchStream?> OpenAsync(IdleTimer idle, CancellationToken connectionToken, CancellationToken cancellationToken)
    {
        try
        {
            idle.Restart();
            _response = await client.SendAsync(SseRequest.Create(requestUri, LastEventId, options), HttpCompletionOption.ResponseHeadersRead, connectionToken).ConfigureAwait(false);
            if (SseResponseStatus.IsEnd(_response))
            {
                Ended = true;
                return null;
            }

            if (!_response.IsSuccessStatusCode)
            {
                if (!SseResponseStatus.IsRetryable(_response.StatusCode))
                {
                    throw SseResponseStatus.NotRetried(_response, requestUri);
                }

                RetryAfter = SseResponseStatus.RetryAfter(_response, time);
                return null;
            }

            if (!SseResponseStatus.IsEventStream(_response))
            {
                throw SseResponseStatus.NotEventStream(_response, requestUri);
            }

            _body = new IdleWatchStream(await _response.Content.ReadAsStreamAsync().ConfigureAwait(false), idle);
            return _body;
        }
        catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
        {
            return null;
        }
    }

    /// <summary>A failure of this connection (network, idle timeout), as opposed to the caller's cancellation or a final answer.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        e is IOException or OperationCanceledException or HttpRequestException { StatusCode: null };

    private static string? NullIfEmpty(string id) => id.Length == 0 ? null : id;
}
