using System;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SseGen;

/// <summary>Puts broadcast channels in Redis.</summary>
public static class SseRedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes every <see cref="SseChannels{T}"/> of the app live in Redis: a published item is
    /// serialized once and appended to a Redis Stream (trimmed to about
    /// <see cref="SseChannelOptions.HistoryLength"/> events and to <see cref="SseChannelOptions.HistoryMaxAge"/>,
    /// and deleted a day after its last append); every instance follows the stream, frames each
    /// event once and hands it to its own subscribers; a client resumes with <c>Last-Event-ID</c> on any instance.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="keyPrefix">Prepended to every Redis key and pub/sub channel SseGen uses (default <c>ssegen:</c>).</param>
    /// <remarks>
    /// Nothing waits for Redis on a request thread. While Redis is unreachable, slow or frozen, open
    /// streams stay open (with keep-alives) but receive nothing, and
    /// <see cref="SseChannel{T}.PublishAsync"/> throws <see cref="SseChannelUnavailableException"/>
    /// within <see cref="SseRedisOptions.PublishTimeout"/> (2 s). When Redis is back, every followed
    /// channel reads what was appended meanwhile; a client that resumes from an event Redis no longer
    /// has (trimmed, or lost in a restart without persistence) gets the <c>reset</c> event.
    /// </remarks>
    public static IServiceCollection AddSseRedis(this IServiceCollection services, string configuration, string keyPrefix)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        return services.AddSseRedis(configuration, o => o.KeyPrefix = keyPrefix);
    }

    /// <summary>Makes every <see cref="SseChannels{T}"/> of the app live in Redis, with the default <see cref="SseRedisOptions"/>, as <see cref="AddSseRedis(IServiceCollection, string, string)"/> says.</summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</param>
    public static IServiceCollection AddSseRedis(this IServiceCollection services, string configuration) =>
        services.AddSseRedis(configuration, static _ => { });

    /// <summary>
    /// Makes every <see cref="SseChannels{T}"/> of the app live in Redis, as
    /// <see cref="AddSseRedis(IServiceCollection, string, string)"/> does, with the key prefix and
    /// the publish timeout set by <paramref name="configure"/>.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</param>
    /// <param name="configure">Sets the <see cref="SseRedisOptions"/>.</param>
    public static IServiceCollection AddSseRedis(this IServiceCollection services, string configuration, Action<SseRedisOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(configuration);
        var options = new SseRedisOptions();
        configure(options);
        options.Validate();
        services.AddSseChannelStore(sp => new RedisChannelStore(
            configuration,
            options,
            sp.GetService<ILoggerFactory>()?.CreateLogger("SseGen.Redis") ?? NullLogger.Instance,
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
