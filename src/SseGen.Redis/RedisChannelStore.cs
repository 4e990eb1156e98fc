using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using SseGen.Infrastructure;
using StackExchange.Redis;

namespace SseGen;

/// <summary>
/// Channels in Redis: one Stream per channel (<c>XADD … MAXLEN ~ N</c>) holds the events and their
/// ids; a pub/sub message per append wakes the instances that follow it, and a poll every
/// <see cref="PollInterval"/> covers a notification lost while Redis was away.
/// </summary>
internal sealed partial class RedisChannelStore : ISseChannelStore, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ClockAllowance = TimeSpan.FromSeconds(1);

    // Redis needs room to trim in whole nodes; below this the followers could miss events under load.
    private const int MinStreamLength = 1000;
    private const int ReadBatch = 512;

    private readonly ConnectionMultiplexer _redis;
    private readonly string _prefix;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();

    public RedisChannelStore(string configuration, string prefix, ILogger logger)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // The app starts, and streams stay open, while Redis is away; the client reconnects by itself.
        options.AbortOnConnectFail = false;
        _redis = ConnectionMultiplexer.Connect(options);
        _prefix = prefix;
        _logger = logger;
    }

    public async Task<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken)
    {
        try
        {
            var db = _redis.GetDatabase();
            var id = await db.StreamAddAsync(Key(channel), [new NameValueEntry("t", eventType ?? ""), new NameValueEntry("d", json.ToArray())],
                maxLength: Math.Max(retention.HistoryLength, MinStreamLength), useApproximateMaxLength: true).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _redis.GetSubscriber().PublishAsync(Notification(channel), id, CommandFlags.FireAndForget).ConfigureAwait(false);
            return id.ToString();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new SseChannelUnavailableException("Redis could not be reached; the event was not published.", ex);
        }
    }

    public IDisposable Follow(string channel, ISseStoreListener listener)
    {
        // Where "from now on" starts, read before the channel's first subscriber can join: an event
        // appended after this is delivered, never mistaken for history.
        string last;
        var reachable = true;
        try
        {
            var tail = _redis.GetDatabase().StreamRange(Key(channel), "-", "+", count: 1, messageOrder: Order.Descending);
            last = tail.Length > 0 ? (string)tail[0].Id! : "0-0";
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The tail read later would swallow whatever was appended in between (by another
            // instance) as history: start from this moment on the clock instead. Stream ids are the
            // Redis server's milliseconds; the allowance covers a server clock a little behind ours,
            // at the price of maybe delivering an event appended just before the first subscriber came.
            last = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - (long)ClockAllowance.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "-0";
            reachable = false;
            Log.Unreachable(_logger, channel, ex);
        }

        var following = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        _ = FollowAsync(channel, listener, last, reachable, following.Token);
        return following;
    }

    public async Task<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, CancellationToken cancellationToken)
    {
        if (!TryParse(afterId, out var after))
        {
            return null;
        }

        var db = _redis.GetDatabase();
        var key = Key(channel);
        RedisResult info;
        try
        {
            info = await db.ExecuteAsync("XINFO", "STREAM", key).ConfigureAwait(false);
        }
        catch (RedisServerException)
        {
            // No such stream: whatever the client saw is gone (Redis lost it, or the id is not from here).
            return null;
        }

        if (!CanResumeAfter(after, info))
        {
            return null;
        }

        var entries = await db.StreamRangeAsync(key, "(" + afterId, "+").ConfigureAwait(false);
        var events = new List<SseStoredEvent>(entries.Length);
        foreach (var entry in entries)
        {
            events.Add(ToEvent(entry));
        }

        return events;
    }

    public bool TryCompare(string left, string right, out int order)
    {
        order = 0;
        if (!TryParse(left, out var l) || !TryParse(right, out var r))
        {
            return false;
        }

        order = l.CompareTo(r);
        return true;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _redis.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Whether every event after <paramref name="after"/> is still in the stream: nothing after it
    /// was trimmed (<c>max-deleted-entry-id</c>), and it belongs to this stream's life (a stream
    /// recreated after Redis lost it starts after the client's id, with nothing trimmed yet).
    /// </summary>
    private static bool CanResumeAfter((ulong, ulong) after, RedisResult info)
    {
        var fields = (RedisResult[])info!;
        (ulong, ulong)? maxDeleted = null, lastGenerated = null, first = null;
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            switch ((string?)fields[i])
            {
                case "max-deleted-entry-id" when TryParse((string?)fields[i + 1], out var d):
                    maxDeleted = d;
                    break;
                case "last-generated-id" when TryParse((string?)fields[i + 1], out var g):
                    lastGenerated = g;
                    break;
                case "first-entry" when !fields[i + 1].IsNull && TryParse((string?)((RedisResult[])fields[i + 1]!)[0], out var f):
                    first = f;
                    break;
            }
        }

        if (lastGenerated is not { } last || after.CompareTo(last) > 0)
        {
            return false;
        }

        if (maxDeleted is { } deleted && deleted != (0UL, 0UL))
        {
            return after.CompareTo(deleted) >= 0;
        }

        // Nothing ever trimmed: the client's id must be one of this stream's (not older than its first entry).
        return first is not { } firstId || after.CompareTo(firstId) >= 0;
    }

    private async Task FollowAsync(string channel, ISseStoreListener listener, string last, bool reachable, CancellationToken stopping)
    {
        await Task.Yield();
        var key = Key(channel);
        var wake = new SemaphoreSlim(0, 1);
        var subscribed = false;
        var failing = !reachable;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var db = _redis.GetDatabase();
                if (!subscribed)
                {
                    await _redis.GetSubscriber().SubscribeAsync(Notification(channel), (_, _) =>
                    {
                        if (wake.CurrentCount == 0)
                        {
                            try
                            {
                                wake.Release();
                            }
                            catch (SemaphoreFullException)
                            {
                                // Already awake.
                            }
                        }
                    }).ConfigureAwait(false);
                    subscribed = true;
                }

                StreamEntry[] entries;
                do
                {
                    entries = await db.StreamRangeAsync(key, "(" + last, "+", count: ReadBatch).ConfigureAwait(false);
                    foreach (var entry in entries)
                    {
                        Deliver(listener, channel, entry);
                        last = entry.Id!;
                    }
                }
                while (entries.Length == ReadBatch);

                if (failing)
                {
                    failing = false;
                    Log.Recovered(_logger, channel);
                }
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                if (!failing)
                {
                    failing = true;
                    Log.Unreachable(_logger, channel, ex);
                }
            }

            try
            {
                await wake.WaitAsync(PollInterval, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void Deliver(ISseStoreListener listener, string channel, StreamEntry entry)
    {
        try
        {
            listener.Deliver(ToEvent(entry));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DeliveryFailed(_logger, channel, entry.Id!, ex);
        }
    }

    private static SseStoredEvent ToEvent(StreamEntry entry)
    {
        var type = (string?)entry["t"];
        var data = (byte[]?)entry["d"] ?? [];
        return new SseStoredEvent(entry.Id!, string.IsNullOrEmpty(type) ? null : type, data);
    }

    private RedisKey Key(string channel) => _prefix + channel;

    private RedisChannel Notification(string channel) => RedisChannel.Literal(_prefix + channel + ":appended");

    private static bool TryParse(string? id, out (ulong Ms, ulong Seq) value)
    {
        value = default;
        if (id is null)
        {
            return false;
        }

        var dash = id.IndexOf('-', StringComparison.Ordinal);
        return dash > 0
            && ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out value.Ms)
            && ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out value.Seq);
    }

    private static partial class Log
    {
        [LoggerMessage(101, LogLevel.Warning, "Redis is unreachable for the SSE channel {Channel}; its subscribers hear nothing until it is back.")]
        public static partial void Unreachable(ILogger logger, string channel, Exception exception);

        [LoggerMessage(102, LogLevel.Information, "Redis is back for the SSE channel {Channel}.")]
        public static partial void Recovered(ILogger logger, string channel);

        [LoggerMessage(103, LogLevel.Error, "The event {Id} of the SSE channel {Channel} could not be delivered.")]
        public static partial void DeliveryFailed(ILogger logger, string channel, string id, Exception exception);
    }
}
