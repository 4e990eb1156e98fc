using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>
/// Reads a Server-Sent Events stream as <see cref="IAsyncEnumerable{T}"/> of <see cref="SseItem{T}"/>, and keeps it
/// going as a browser's <c>EventSource</c> does: after a network error, a silent connection (see
/// <see cref="SseClientOptions.IdleTimeout"/>), a 5xx, 408 or 429, or the server closing the stream, it reconnects
/// and sends the last id it saw as <c>Last-Event-ID</c>, after a delay with a floor, jitter and backoff (see
/// <see cref="SseClientOptions.MinReconnectDelay"/>). It stops for good on 204 No Content (the enumeration
/// ends), on any other status (an <see cref="HttpRequestException"/> with its <see cref="HttpRequestException.StatusCode"/>)
/// or a response that is not <c>text/event-stream</c>, on an event larger than <see cref="SseClientOptions.MaxEventSize"/>
/// or a last event id that cannot be sent back (an <see cref="SseProtocolException"/>), and at once when the token is cancelled.
/// A broadcast channel's <c>reset</c> and <c>missed</c> signals are not items: they go to
/// <see cref="SseClientOptions.OnChannelSignal"/> (see <see cref="SseChannelSignal"/>).
/// </summary>
public static class SseClient
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

#if !NET10_0_OR_GREATER
    // Blazor WebAssembly before .NET 10 buffers a whole response unless asked to stream it; other handlers ignore it.
    private static readonly HttpRequestOptionsKey<bool> BrowserStreaming = new("WebAssemblyEnableStreamingResponse");
#endif

    /// <summary>Reads the stream at <paramref name="requestUri"/>, each event's data deserialized as JSON with <paramref name="typeInfo"/>.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="client">The client that sends the requests (its base address, handler and default headers apply).</param>
    /// <param name="requestUri">The stream's address, absolute or relative to the client's base address.</param>
    /// <param name="typeInfo">How to read an event's data (from a <c>JsonSerializerContext</c>, so no reflection is needed).</param>
    /// <param name="options">Reconnection and idle settings; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the stream at once and closes its connection.</param>
    /// <returns>The events, each with its data, event type, id (the last id seen, as the spec defines it) and reconnection interval.</returns>
    /// <exception cref="JsonException">An event's data is not a valid <typeparamref name="T"/>; the message names the stream, the event type and the id. Not retried: a resume would replay the same event.</exception>
    /// <exception cref="SseChannelSignalException">A broadcast channel signalled lost events and <see cref="SseClientOptions.OnChannelSignal"/> is not set.</exception>
    /// <exception cref="HttpRequestException">The server answered a status that is not retried, or not <c>text/event-stream</c>.</exception>
    /// <exception cref="SseProtocolException">
    /// An event grew past <see cref="SseClientOptions.MaxEventSize"/> (<see cref="SseProtocolError.EventTooLarge"/>), or a reconnect
    /// would have to send an id that is not visible ASCII as <c>Last-Event-ID</c> (<see cref="SseProtocolError.UnsendableEventId"/>):
    /// the events before it are delivered, with that id, and the stream ends when the connection does instead of reconnecting.
    /// Never retried.
    /// </exception>
    public static IAsyncEnumerable<SseItem<T>> ReadSseAsync<T>(
        this HttpClient client, string requestUri, JsonTypeInfo<T> typeInfo, SseClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (typeInfo is null)
        {
            throw new ArgumentNullException(nameof(typeInfo));
        }

        return ReadCoreAsync(client, requestUri, (_, data) => JsonSerializer.Deserialize(data, typeInfo)!, typeInfo.Type.Name, options ?? new SseClientOptions(), cancellationToken);
    }

    /// <summary>Reads the stream at <paramref name="requestUri"/>, each event's data as text.</summary>
    /// <param name="client">The client that sends the requests (its base address, handler and default headers apply).</param>
    /// <param name="requestUri">The stream's address, absolute or relative to the client's base address.</param>
    /// <param name="options">Reconnection and idle settings; null for the defaults.</param>
    /// <param name="cancellationToken">Stops the stream at once and closes its connection.</param>
    /// <returns>The events, each with its data, event type, id and reconnection interval.</returns>
    /// <exception cref="SseChannelSignalException">A broadcast channel signalled lost events and <see cref="SseClientOptions.OnChannelSignal"/> is not set.</exception>
    /// <exception cref="HttpRequestException">The server answered a status that is not retried, or not <c>text/event-stream</c>.</exception>
    /// <exception cref="SseProtocolException">
    /// An event grew past <see cref="SseClientOptions.MaxEventSize"/> (<see cref="SseProtocolError.EventTooLarge"/>), or a reconnect
    /// would have to send an id that is not visible ASCII as <c>Last-Event-ID</c> (<see cref="SseProtocolError.UnsendableEventId"/>):
    /// the events before it are delivered, with that id, and the stream ends when the connection does instead of reconnecting.
    /// Never retried.
    /// </exception>
    public static IAsyncEnumerable<SseItem<string>> ReadSseTextAsync(
        this HttpClient client, string requestUri, SseClientOptions? options = null, CancellationToken cancellationToken = default) =>
        ReadCoreAsync(client, requestUri, static (_, data) => Encoding.UTF8.GetString(data), "string", options ?? new SseClientOptions(), cancellationToken);

    private static async IAsyncEnumerable<SseItem<T>> ReadCoreAsync<T>(
        HttpClient client, string requestUri, SseItemParser<T> itemParser, string itemTypeName, SseClientOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        if (requestUri is null)
        {
            throw new ArgumentNullException(nameof(requestUri));
        }

        var lastEventId = options.LastEventId;
        if (lastEventId is not null && !SseEventIds.IsSendable(lastEventId))
        {
            throw new ArgumentException(
                $"SseClientOptions.LastEventId \"{SseEventIds.Describe(lastEventId)}\" cannot be sent as a Last-Event-ID header: only visible ASCII (0x21-0x7E) can.",
                nameof(options));
        }

        var time = options.TimeProvider ?? TimeProvider.System;
        TimeSpan? serverRetry = null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lastEventId is not null && !SseEventIds.IsSendable(lastEventId))
            {
                // HttpClient would refuse the header inside SendAsync, which looks like a network error: retried for ever,
                // and the server never sees a request. Resuming without the id would replay the stream from its start.
                throw SseEventIds.Unsendable(requestUri, lastEventId);
            }

            var delivered = false;
            TimeSpan? retryAfter = null;
            using (var idleSource = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time))
            using (var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, idleSource.Token))
            {
                var idle = new IdleTimer(idleSource, options.IdleTimeout);
                HttpResponseMessage? response = null;
                IdleWatchStream? body = null;
                IAsyncEnumerator<SseItem<SseEventPayload<T>>>? events = null;
                try
                {
                    try
                    {
                        idle.Restart();
                        response = await client.SendAsync(CreateRequest(requestUri, lastEventId, options), HttpCompletionOption.ResponseHeadersRead, connection.Token).ConfigureAwait(false);
                        if (response.StatusCode == HttpStatusCode.NoContent)
                        {
                            yield break;
                        }

                        if (!response.IsSuccessStatusCode)
                        {
                            if (!IsRetryable(response.StatusCode))
                            {
                                throw new HttpRequestException(
                                    $"The SSE stream {requestUri} answered {(int)response.StatusCode} {response.ReasonPhrase}; a {(int)response.StatusCode} is not retried.",
                                    null,
                                    response.StatusCode);
                            }

                            retryAfter = RetryAfter(response, time);
                            throw new RetryableStatusException();
                        }

                        if (response.Content.Headers.ContentType?.MediaType is not "text/event-stream")
                        {
                            throw new HttpRequestException(
                                $"The SSE stream {requestUri} answered {(int)response.StatusCode} with content type '{response.Content.Headers.ContentType}', not text/event-stream.",
                                null,
                                response.StatusCode);
                        }

                        body = new IdleWatchStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), idle);
                    }
                    catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
                    {
                        body = null;
                    }

                    if (body is not null)
                    {
                        var decoder = new SseEventDecoder<T>(requestUri, itemParser, itemTypeName) { LastEventId = lastEventId };
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
                                    break; // the server closed the stream: reconnect, as EventSource does
                                }
                            }
                            catch (Exception e) when (IsConnectionFailure(e, cancellationToken))
                            {
                                break;
                            }
                            finally
                            {
                                serverRetry = ServerRetry(parser, serverRetry);

                                // Also after the last event: an `id:` in an event with no data is dispatched as nothing. But the
                                // parser takes an `id:` as its line arrives, and the spec only at the blank line: the id of an
                                // event the connection cut short must not be sent (the reconnect would skip that event).
                                if (dispatched || !limited.InEvent)
                                {
                                    namedId |= parser.LastEventId.Length > 0;
                                    if (namedId)
                                    {
                                        lastEventId = NullIfEmpty(parser.LastEventId);
                                    }
                                }
                            }

                            var item = events.Current;
                            if (item.EventId is not null)
                            {
                                // This event had an `id:` field; an empty one resets the id (the spec's last event ID buffer),
                                // so reconnects send no Last-Event-ID until the server names a new one.
                                namedId = true;
                                lastEventId = NullIfEmpty(parser.LastEventId);
                            }

                            decoder.LastEventId = lastEventId;
                            delivered = true;
                            failures = 0;
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
                            yield return new SseItem<T>(item.Data.Item, eventType) { EventId = lastEventId, ReconnectionInterval = serverRetry };
                        }
                    }
                }
                finally
                {
                    idle.Stop();
                    if (body is not null)
                    {
                        await body.AbortAsync().ConfigureAwait(false);
                    }

                    if (events is not null)
                    {
                        await events.DisposeAsync().ConfigureAwait(false);
                    }

                    response?.Dispose();
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (!delivered)
            {
                failures++;
            }

            var delay = ReconnectPolicy.Delay(options, serverRetry, retryAfter, failures, Random.Shared.NextDouble());
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static HttpRequestMessage CreateRequest(string requestUri, string? lastEventId, SseClientOptions options)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
        request.Headers.Accept.Add(EventStream);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (!string.IsNullOrEmpty(lastEventId))
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

#if !NET10_0_OR_GREATER
        request.Options.Set(BrowserStreaming, true);
#endif
        options.ConfigureRequest?.Invoke(request);
        return request;
    }

    /// <summary>5xx, 408 Request Timeout and 429 Too Many Requests may pass; every other status will answer the same again.</summary>
    private static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.RequestTimeout || (int)status == 429;

    /// <summary>A failure of this connection (network, idle timeout, retryable status), as opposed to the caller's cancellation or a final answer.</summary>
    private static bool IsConnectionFailure(Exception e, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested &&
        e is RetryableStatusException or IOException or OperationCanceledException or HttpRequestException { StatusCode: null };

    private static string? NullIfEmpty(string id) => id.Length == 0 ? null : id;

    private static TimeSpan? ServerRetry<T>(SseParser<T> parser, TimeSpan? current) =>
        parser.ReconnectionInterval >= TimeSpan.Zero ? parser.ReconnectionInterval : current;

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };

    private sealed class RetryableStatusException : Exception;
}
