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
    public TimeSpan KeepAliveInterval { get; set; } = DefaultKeepAliveInterval;

    /// <summary>
    /// The reconnection interval sent once, as <c>retry:</c>, at the start of every stream; the
    /// browser waits this long before it reconnects. <see langword="null"/> (the default) sends
    /// nothing and leaves the browser's own default.
    /// </summary>
    public TimeSpan? ReconnectionInterval { get; set; }

    internal bool KeepAliveEnabled =>
        KeepAliveInterval > TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan;
}
