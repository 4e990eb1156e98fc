using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace SseGen;

/// <summary>
/// The <see cref="ISseChannelStore"/> on Redis: one Stream per channel holds the events and their
/// ids, trimmed and given a lifetime (<see cref="SseStoreRetention"/>) by the script that appends
/// (<see cref="RedisAppendScript"/>), which also publishes a notification in the same atomic step.
/// Each followed channel subscribes to its notification (<see cref="RedisFollower"/>); nothing polls. A notification can only be lost with the
/// connection, so an outage (a failed command, a dropped connection) starts one probe for the whole
/// instance, and when Redis answers again every follower reads what it missed.
/// </summary>
internal sealed class RedisChannelStore : ISseChannelStore, IDisposable
{
    // Stream ids are the Redis server's milliseconds; a follower starts this far before our clock, in
    // case the server's clock is a little behind ours.
    private static readonly TimeSpan ClockAllowance = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);

    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly string _prefix;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<RedisFollower, byte> _followers = new();
    private int _unreachable;
    private int _probing;

    public RedisChannelStore(string configuration, SseRedisOptions options, ILogger logger, TimeProvider time)
    {
        var redis = ConfigurationOptions.Parse(configuration);
        // The app starts, and streams stay open, while Redis is away; the client reconnects by itself.
        redis.AbortOnConnectFail = false;
        ApplyTimeouts(redis, configuration, options.PublishTimeout);
        _prefix = options.KeyPrefix;
        _timeout = options.PublishTimeout;
        _time = time;
        Logger = logger;
        // Never waited for on a request thread: whatever needs the connection awaits this.
        _connecting = ConnectAsync(redis);
    }

    public ILogger Logger { get; }

    internal Task<ConnectionMultiplexer> ConnectionAsync => _connecting;

    internal ConnectionMultiplexer? ConnectedOrNull => _connecting.IsCompletedSuccessfully ? _connecting.Result : null;

    public ValueTask<string> AppendAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention, CancellationToken cancellationToken) =>
        new(WithinTimeoutAsync(AppendCoreAsync(channel, eventType, json, retention), "the event was not published", cancellationToken));

    public IDisposable Follow(string channel, ISseStoreListener listener)
    {
        // "From now on" is this moment on the clock, not the stream's tail read later: by the time a
        // read in the background comes back (Redis slow or away), another instance may have appended
        // an event this channel's first subscriber must get (see 112d99c). The price: an event
        // appended up to ClockAllowance before may be delivered too.
        var start = RedisStreamIds.Before(_time.GetUtcNow().ToUnixTimeMilliseconds() - (long)ClockAllowance.TotalMilliseconds);
        var follower = new RedisFollower(this, channel, Key(channel), Notification(channel), listener, start);
        _followers.TryAdd(follower, 0);
        follower.Start();
        return follower;
    }

    public ValueTask<IReadOnlyList<SseStoredEvent>?> ReadAfterAsync(string channel, string afterId, int maxCount, TimeSpan? maxAge, CancellationToken cancellationToken) =>
        RedisStreamIds.TryParse(afterId, out var after)
            ? new(WithinTimeoutAsync(ReadAfterCoreAsync(channel, afterId, after, maxCount, maxAge), "the history could not be read", cancellationToken))
            : new((IReadOnlyList<SseStoredEvent>?)null);

    public bool TryCompare(string left, string right, out int order)
    {
        order = 0;
        if (!RedisStreamIds.TryParse(left, out var l) || !RedisStreamIds.TryParse(right, out var r))
        {
            return false;
        }

        order = l.CompareTo(r);
        return true;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _connecting.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    internal static SseStoredEvent ToEvent(StreamEntry entry)
    {
        var type = (string?)entry["t"];
        var data = (byte[]?)entry["d"] ?? [];
        return new SseStoredEvent(entry.Id!, string.IsNullOrEmpty(type) ? null : type, data);
    }

    internal void Forget(RedisFollower follower) => _followers.TryRemove(follower, out _);

    /// <summary>
    /// Something could not reach Redis: log it once for the instance (not per channel or request),
    /// and probe until Redis answers; then every follower catches up.
    /// </summary>
    internal void ReportFailure(Exception ex)
    {
        // On shutdown the connection's end is no outage.
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            RedisStoreLog.Unreachable(Logger, ex);
        }

        StartProbe();
    }

    private void StartProbe()
    {
        if (Interlocked.Exchange(ref _probing, 1) == 0)
        {
            _ = ProbeAsync();
        }
    }

    private async Task ProbeAsync()
    {
        try
        {
            while (true)
            {
                await Task.Delay(ProbeInterval, _time, _stopping.Token).ConfigureAwait(false);
                try
                {
                    var redis = await _connecting.WaitAsync(_timeout, _time, _stopping.Token).ConfigureAwait(false);
                    // Both connections: the subscription one carries the notifications.
                    await redis.GetDatabase().PingAsync().WaitAsync(_timeout, _time, _stopping.Token).ConfigureAwait(false);
                    await redis.GetSubscriber().PingAsync().WaitAsync(_timeout, _time, _stopping.Token).ConfigureAwait(false);
                    break;
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                }
            }

            Volatile.Write(ref _probing, 0);
            if (Interlocked.Exchange(ref _unreachable, 0) == 1)
            {
                RedisStoreLog.Recovered(Logger);
            }

            CatchUp();
            // The client subscribes again on its own after a reconnect, possibly just after the ping
            // above: a second pass reads what a notification lost in that gap would have announced.
            await Task.Delay(ProbeInterval, _time, _stopping.Token).ConfigureAwait(false);
            CatchUp();
        }
        catch (Exception) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the delay was cancelled, or the connection is gone with the app.
        }
    }

    private void CatchUp()
    {
        foreach (var follower in _followers.Keys)
        {
            follower.Wake();
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions options)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(options).ConfigureAwait(false);
        redis.ConnectionFailed += (_, e) => ReportFailure(e.Exception ?? new RedisConnectionException(e.FailureType, "The connection to Redis failed."));
        // A connection that came back may have lost notifications: the probe catches every follower up.
        redis.ConnectionRestored += (_, _) => StartProbe();
        if (!redis.IsConnected)
        {
            ReportFailure(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis could not be reached at startup."));
        }

        return redis;
    }

    private async Task<string> AppendCoreAsync(string channel, string? eventType, ReadOnlyMemory<byte> json, SseStoreRetention retention)
    {
        var redis = await _connecting.ConfigureAwait(false);
        var id = await redis.GetDatabase().ScriptEvaluateAsync(RedisAppendScript.Text, [Key(channel)],
        [
            NotificationName(channel),
            // Followers read an event after it is appended: keep at least that one.
            Math.Max(retention.HistoryLength, 1),
            retention.HistoryMaxAge is { } age ? (long)Math.Ceiling(age.TotalMilliseconds) : 0,
            (long)Math.Ceiling(retention.ChannelLifetime.TotalMilliseconds),
            eventType ?? "",
            json,
        ]).ConfigureAwait(false);
        return (string)id!;
    }

    private async Task<IReadOnlyList<SseStoredEvent>?> ReadAfterCoreAsync(string channel, string afterId, (ulong, ulong) after, int maxCount, TimeSpan? maxAge)
    {
        var db = (await _connecting.ConfigureAwait(false)).GetDatabase();
        var key = Key(channel);
        // Sent together (one round trip); one more than the bound tells "too many" from "just enough".
        var infoTask = db.ExecuteAsync("XINFO", "STREAM", key);
        var rangeTask = db.StreamRangeAsync(key, "(" + afterId, "+", count: maxCount + 1);
        RedisResult info;
        try
        {
            info = await infoTask.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _ = rangeTask.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            if (ex is RedisServerException)
            {
                // No such stream: whatever the client saw is gone (Redis lost it, or the id is not from here).
                return null;
            }

            throw;
        }

        var entries = await rangeTask.ConfigureAwait(false);
        if (!RedisStreamIds.CanResumeAfter(after, info) || entries.Length > maxCount)
        {
            return null;
        }

        // Trimming by age happens on append only: an idle channel still holds events too old to replay.
        if (maxAge is { } age && entries.Length > 0 && RedisStreamIds.TryParse(entries[0].Id, out var oldest)
            && (long)oldest.Ms < _time.GetUtcNow().ToUnixTimeMilliseconds() - (long)age.TotalMilliseconds)
        {
            return null;
        }

        var events = new List<SseStoredEvent>(entries.Length);
        foreach (var entry in entries)
        {
            events.Add(ToEvent(entry));
        }

        return events;
    }

    /// <summary>Bounds a store call by the publish timeout; what Redis did not answer in time is the caller's <see cref="SseChannelUnavailableException"/>.</summary>
    private async Task<TResult> WithinTimeoutAsync<TResult>(Task<TResult> call, string consequence, CancellationToken cancellationToken)
    {
        try
        {
            return await call.WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Observed, so a late failure of the abandoned call is not an unobserved task exception.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            ReportFailure(ex);
            throw new SseChannelUnavailableException(
                string.Create(CultureInfo.InvariantCulture, $"Redis did not answer within {_timeout.TotalSeconds:0.###} s; {consequence}."), ex);
        }
    }

    private static void ApplyTimeouts(ConfigurationOptions redis, string configuration, TimeSpan timeout)
    {
        // Only where the configuration string says nothing: its own values win.
        var ms = (int)Math.Ceiling(timeout.TotalMilliseconds);
        if (!Names(configuration, "connectTimeout"))
        {
            redis.ConnectTimeout = ms;
        }

        if (!Names(configuration, "syncTimeout"))
        {
            redis.SyncTimeout = ms;
        }

        if (!Names(configuration, "asyncTimeout"))
        {
            redis.AsyncTimeout = ms;
        }

        static bool Names(string configuration, string option) => configuration.Contains(option + "=", StringComparison.OrdinalIgnoreCase);
    }

    private RedisKey Key(string channel) => _prefix + channel;

    private string NotificationName(string channel) => _prefix + channel + ":appended";

    private RedisChannel Notification(string channel) => RedisChannel.Literal(NotificationName(channel));
}
