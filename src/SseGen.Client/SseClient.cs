using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading;

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

        return SseReconnectLoop.ReadAsync(client, requestUri, (_, data) => JsonSerializer.Deserialize(data, typeInfo)!, typeInfo.Type.Name, options ?? new SseClientOptions(), cancellationToken);
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
        SseReconnectLoop.ReadAsync(client, requestUri, static (_, data) => Encoding.UTF8.GetString(data), "string", options ?? new SseClientOptions(), cancellationToken);
}
