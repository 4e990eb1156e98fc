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
    /// The delay before reconnecting when the server sent no <c>retry:</c>. Like a server's <c>retry:</c>, it doubles for
    /// each consecutive attempt that delivers no event (from the second on), up to <see cref="MaxReconnectDelay"/>, and
    /// every delay gets 0-50% more at random (jitter). Default 1 s.
    /// </summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The shortest delay before any reconnect: a server's <c>retry:</c> below it (<c>retry: 0</c> included) is raised to
    /// it, so a server cannot make its clients reconnect in a tight loop. Default 500 ms.
    /// </summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// The longest delay the backoff grows to, whatever the server's <c>retry:</c> said (jitter takes it down to two
    /// thirds of this at random, never above). Default 30 s. A <c>Retry-After</c> header is capped separately
    /// (<see cref="MaxRetryAfter"/>).
    /// </summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait a <c>Retry-After</c> header (on a 503, 429 or other retried status) can ask for; when it asks for
    /// more than the backoff would wait, the client waits what it asked, up to this, plus jitter within it. Default 5 min.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most bytes one line, or one event's lines together (field names included, line breaks and comment lines not),
    /// may take before the stream ends with an <see cref="SseProtocolException"/> (<see cref="SseProtocolError.EventTooLarge"/>).
    /// It bounds what the client buffers for a server that never ends an event; it is not retried, since a resume would
    /// replay the same event. Default 1 MiB (1,048,576 bytes).
    /// </summary>
    public int MaxEventSize { get; set; } = 1024 * 1024;

    /// <summary>The clock for reconnect delays and the idle timeout (a fake one in tests); default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The id sent as <c>Last-Event-ID</c> on the first request (to resume from a saved position); null sends none. It must be
    /// visible ASCII (0x21-0x7E), as every id the client sends must be (see <see cref="SseProtocolError.UnsendableEventId"/>).
    /// </summary>
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
