using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>How an <see cref="SseClient"/> stream reconnects, when it gives up on a silent connection, and where it resumes.</summary>
public sealed class SseClientOptions
{
    /// <summary>
    /// How long a connection may stay completely silent (no event, no keep-alive comment, no byte at all)
    /// before it is treated as dead, closed, and replaced by a new one that sends <c>Last-Event-ID</c>.
    /// Also bounds the wait for the response headers. Default 45 s: three of SseGen's 15 s keep-alive
    /// intervals. <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The first delay before reconnecting when the server sent no <c>retry:</c>; it doubles after every
    /// attempt that delivers nothing, up to <see cref="MaxReconnectDelay"/>, with jitter. Default 1 s.
    /// </summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two connection attempts, whatever the server's <c>retry:</c> or the backoff says. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The id sent as <c>Last-Event-ID</c> on the first request (to resume from a saved position); null sends none.</summary>
    public string? LastEventId { get; set; }

    /// <summary>Called on every request before it is sent (every reconnect too), for headers such as authorization.</summary>
    public Action<HttpRequestMessage>? ConfigureRequest { get; set; }

    /// <summary>
    /// Called for each signal a broadcast channel sends about the stream itself (<see cref="SseResetSignal"/>: the events
    /// since the id this client resumed from are gone; <see cref="SseMissedSignal"/>: this client read too slowly and
    /// lost events), awaited in stream order, before the next item is yielded; the stream then goes on. Signals are never
    /// yielded as items. When this is null, a signal ends the stream with an <see cref="SseChannelSignalException"/>, so
    /// a gap is never silent. The token is the stream's.
    /// </summary>
    public Func<SseChannelSignal, CancellationToken, ValueTask>? OnChannelSignal { get; set; }
}
