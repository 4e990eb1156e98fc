using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json.Serialization.Metadata;
using System.Threading;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// The broadcast channels of one item type, by name (one per chat room, per ticker, per user…),
/// registered with <c>services.AddSseChannels&lt;T&gt;()</c> and taken as a service by endpoints and
/// by whatever publishes.
/// </summary>
/// <remarks>
/// A channel costs nothing once nobody uses it: one with no subscribers is removed as soon as its
/// history is empty (after a grace of a second or two) or, with events in its history, once the
/// newest is older than <see cref="SseChannelOptions.IdleLifetime"/>. At most
/// <see cref="SseChannelOptions.MaxChannels"/> are live at once.
/// </remarks>
/// <typeparam name="T">The item type, serialized as JSON.</typeparam>
public sealed class SseChannels<T> : IDisposable
{
    /// <summary>How often idle channels are looked for: one timer for the whole set, not one per channel.</summary>
    internal static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a channel with nothing to keep outlives its last subscriber (or its creation): a
    /// request that takes a channel and subscribes a moment later finds it still there.
    /// </summary>
    internal static readonly TimeSpan EmptyGrace = TimeSpan.FromSeconds(1);

    /// <summary>What a refused client is told to wait: the sweep has removed what it can by then.</summary>
    internal static readonly TimeSpan LimitRetryAfter = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LimitLogInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, SseChannel<T>> _channels = new(StringComparer.Ordinal);
    private readonly ITimer _sweep;
    private readonly ILogger _logger;
    private readonly Func<SseChannel<T>, SseChannelBackend<T>> _createBackend;

    // Live channels plus names being created: the cap is checked against it without locking the dictionary.
    private int _count;
    private int _sweeping;
    private long _refused;
    private long _lastLimitLog = long.MinValue;

    internal SseChannels(JsonTypeInfo<T> typeInfo, SseChannelOptions options, SseMetrics metrics, ISseChannelStore? store = null, TimeProvider? time = null, ILogger? logger = null)
    {
        options.Validate();
        TypeInfo = typeInfo;
        Options = options;
        Metrics = metrics;
        // Chosen once for the set: a channel never asks which backend it has.
        _createBackend = store is null
            ? static channel => new SseMemoryChannelBackend<T>(channel)
            : channel => new SseStoreChannelBackend<T>(channel, store);
        Time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        Formatter = new JsonSseItemFormatter<T>(typeInfo);
        StoreName = options.StoreName ?? SseTypeName.Of(typeof(T));
        StoreRetention = new SseStoreRetention(options.HistoryLength, options.HistoryMaxAge, options.HistoryMaxAge ?? TimeSpan.FromHours(24));
        MaxAgeTicks = options.HistoryMaxAge is { } age ? ToTicks(age) : 0;
        IdleLifetimeTicks = ToTicks(options.IdleLifetime);
        EmptyGraceTicks = ToTicks(EmptyGrace);

        // The timer holds the set weakly: a set nobody disposed (built by hand, say) is still collected.
        var sweeper = new Sweeper(new WeakReference<SseChannels<T>>(this));
        using (ExecutionContext.IsFlowSuppressed() ? default(AsyncFlowControl?) : ExecutionContext.SuppressFlow())
        {
            _sweep = sweeper.Timer = Time.CreateTimer(static s => ((Sweeper)s!).Tick(), sweeper, SweepInterval, SweepInterval);
        }
    }

    internal JsonTypeInfo<T> TypeInfo { get; }

    internal SseChannelOptions Options { get; }

    internal SseMetrics Metrics { get; }

    internal TimeProvider Time { get; }

    internal JsonSseItemFormatter<T> Formatter { get; }

    /// <summary>This set's name in a shared store: a channel's key is this, a colon and its name.</summary>
    internal string StoreName { get; }

    internal SseStoreRetention StoreRetention { get; }

    internal long MaxAgeTicks { get; }

    internal long IdleLifetimeTicks { get; }

    internal long EmptyGraceTicks { get; }

    /// <summary>How many channels are live (for tests and measurements).</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>The channel named <paramref name="name"/>, created on first use.</summary>
    /// <remarks>
    /// Every caller gets the same channel for a name while it is live, whatever the race; a channel
    /// in a shared store follows it from before this returns. A channel removed while a caller
    /// still holds it keeps working: it publishes and subscribes through the live channel of its name.
    /// </remarks>
    /// <exception cref="SseChannelLimitException">
    /// The name is new and <see cref="SseChannelOptions.MaxChannels"/> channels are live.
    /// </exception>
    public SseChannel<T> Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var spin = default(SpinWait);
        while (true)
        {
            if (_channels.TryGetValue(name, out var channel))
            {
                if (channel.Activate())
                {
                    return channel;
                }

                // Being removed right now: it leaves the dictionary before its lock is released.
                spin.SpinOnce();
                continue;
            }

            if (Interlocked.Increment(ref _count) > Options.MaxChannels)
            {
                Interlocked.Decrement(ref _count);
                throw Refuse();
            }

            // Creating one has no side effect, so the loser of a race for a name leaves nothing behind.
            var created = new SseChannel<T>(this, name);
            if (!_channels.TryAdd(name, created))
            {
                Interlocked.Decrement(ref _count);
                continue;
            }

            if (created.Activate())
            {
                return created;
            }
        }
    }

    /// <summary>Stops looking for idle channels and stops every channel's following of the shared store.</summary>
    public void Dispose()
    {
        _sweep.Dispose();
        foreach (var pair in _channels)
        {
            pair.Value.Release();
        }
    }

    /// <summary>The backend of a channel being created: in memory, or in the app's store.</summary>
    internal SseChannelBackend<T> CreateBackend(SseChannel<T> channel) => _createBackend(channel);

    /// <summary>Called by a channel under its lock as it is removed, so no one finds it afterwards.</summary>
    internal void Forget(SseChannel<T> channel)
    {
        if (_channels.TryRemove(new KeyValuePair<string, SseChannel<T>>(channel.Name, channel)))
        {
            Interlocked.Decrement(ref _count);
        }
    }

    /// <summary>Removes the channels nobody uses any more; runs on the sweep timer.</summary>
    internal void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            var now = Time.GetTimestamp();
            foreach (var pair in _channels)
            {
                pair.Value.TryRemoveIdle(now);
            }
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private SseChannelLimitException Refuse()
    {
        Interlocked.Increment(ref _refused);
        var now = Time.GetTimestamp();
        var last = Volatile.Read(ref _lastLimitLog);
        if ((last == long.MinValue || Time.GetElapsedTime(last, now) >= LimitLogInterval)
            && Interlocked.CompareExchange(ref _lastLimitLog, now, last) == last)
        {
            SseChannelLog.LimitReached(_logger, StoreName, Options.MaxChannels, Interlocked.Exchange(ref _refused, 0));
        }

        return new SseChannelLimitException(
            $"The {Options.MaxChannels} channels of {StoreName} allowed at once are live; no new channel can be created now (SseChannelOptions.MaxChannels).",
            LimitRetryAfter);
    }

    private long ToTicks(TimeSpan span) => (long)Math.Min(span.TotalSeconds * Time.TimestampFrequency, long.MaxValue / 2);

    private sealed class Sweeper(WeakReference<SseChannels<T>> channels)
    {
        public ITimer? Timer { get; set; }

        public void Tick()
        {
            if (channels.TryGetTarget(out var target))
            {
                target.Sweep();
            }
            else
            {
                Timer?.Dispose();
            }
        }
    }
}
