using System;
using System.Threading;

namespace SseGen;

/// <summary>
/// Options for every SseGen endpoint of an application, set with
/// <c>services.Configure&lt;SseOptions&gt;(o =&gt; …)</c>.
/// </summary>
public sealed class SseOptions
{
    /// <summary>The default keep-alive interval: 15 seconds.</summary>
    public static readonly TimeSpan DefaultKeepAliveInterval = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a stream may stay silent before a keep-alive comment (<c>:</c>) is written, so
    /// proxies and load balancers do not close an idle connection. <see cref="TimeSpan.Zero"/> or
    /// <see cref="Timeout.InfiniteTimeSpan"/> turns keep-alives off. Default: 15 seconds.
    /// </summary>
    /// <remarks>
    /// One app-wide clock checks the streams every eighth of this interval (at most every second) and
    /// writes a keep-alive once a stream has been silent for the interval less half that period, so a
    /// stream is silent for the interval give or take half a period, plus the moment it takes to write.
    /// </remarks>
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>
    /// The reconnection interval sent once, as <c>retry:</c>, at the start of every stream; the
    /// browser waits this long before it reconnects. <see langword="null"/> (the default) sends
    /// nothing and leaves the browser's own default.
    /// </summary>
    public TimeSpan? ReconnectionInterval { get; set; }

    /// <summary>The default write timeout: 30 seconds.</summary>
    public static readonly TimeSpan DefaultWriteTimeout = TimeSpan.FromSeconds(30);

    private TimeSpan _writeTimeout = DefaultWriteTimeout;

    /// <summary>
    /// How long one write to the client may wait (a client that stopped reading, or a connection
    /// that went silent without closing) before the stream is ended: the connection is closed (over
    /// HTTP/2 only that stream is reset, and the connection's other streams go on), the producer's token fires and its <c>finally</c> runs, and one Information log line names the
    /// endpoint. Default: 30 seconds. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    /// <remarks>
    /// Checked by the same app-wide clock as keep-alives, so a stalled stream ends at most an eighth
    /// of the shorter interval (and at most one second) after its timeout. While a write waits, a
    /// stream holds at most its unflushed events (under 16 KiB plus one event) and the server's own
    /// response buffer (Kestrel: 64 KiB by default).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">The value is zero or negative, and not <see cref="Timeout.InfiniteTimeSpan"/>.</exception>
    public TimeSpan WriteTimeout
    {
        get => _writeTimeout;
        set
        {
            if (value <= TimeSpan.Zero && value != Timeout.InfiniteTimeSpan)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The SSE write timeout must be positive, or Timeout.InfiniteTimeSpan to turn it off.");
            }

            _writeTimeout = value;
        }
    }

    internal TimeSpan? EffectiveKeepAliveInterval =>
        KeepAliveInterval > TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan ? KeepAliveInterval : null;

    internal TimeSpan? EffectiveWriteTimeout =>
        WriteTimeout == Timeout.InfiniteTimeSpan ? null : WriteTimeout;
}
