using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>Puts broadcast channels in Redis.</summary>
public static class SseRedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes every <see cref="SseChannels{T}"/> of the app live in Redis: a published item is
    /// serialized once and appended to a Redis Stream (trimmed to about
    /// <see cref="SseChannelOptions.HistoryLength"/> events); every instance follows the stream,
    /// frames each event once and hands it to its own subscribers; a client resumes with
    /// <c>Last-Event-ID</c> on any instance.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="keyPrefix">Prepended to every Redis key and pub/sub channel SseGen uses.</param>
    /// <remarks>
    /// While Redis is unreachable, open streams stay open (with keep-alives) but receive nothing,
    /// and <see cref="SseChannel{T}.Publish"/> throws. When Redis is back, events flow again; a
    /// client that resumes from an event Redis no longer has (trimmed, or lost in a restart without
    /// persistence) gets the <c>reset</c> event.
    /// </remarks>
    public static IServiceCollection AddSseRedis(this IServiceCollection services, string configuration, string keyPrefix = "ssegen:")
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        ArgumentNullException.ThrowIfNull(keyPrefix);
        services.AddSingleton<ISseChannelStore>(sp => new RedisChannelStore(
            configuration,
            keyPrefix,
            sp.GetService<ILoggerFactory>()?.CreateLogger("SseGen.Redis") ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        return services;
    }
}
