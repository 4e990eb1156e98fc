using System;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SseGen.Infrastructure;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace SseGen;

/// <summary>Registers broadcast channels.</summary>
public static class SseChannelServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SseChannels{T}"/> as a singleton: named broadcast channels of
    /// <typeparamref name="T"/>, in memory.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="typeInfo">
    /// How to serialize <typeparamref name="T"/>. <see langword="null"/>: the app's minimal-API JSON
    /// options (<c>ConfigureHttpJsonOptions</c>), whose resolver must know <typeparamref name="T"/>.
    /// </param>
    /// <param name="configure">Queue, slow-subscriber, history, idle-lifetime and channel-count limits.</param>
    /// <remarks>
    /// With SseGen.Redis's <c>AddSseRedis(…)</c> also called, the channels live in Redis and are shared by every instance.
    /// Time (history age, idle lifetime) is read from the app's <see cref="TimeProvider"/> service when it has one.
    /// </remarks>
    public static IServiceCollection AddSseChannels<T>(this IServiceCollection services, JsonTypeInfo<T>? typeInfo = null, Action<SseChannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SseChannelOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(sp => new SseChannels<T>(
            typeInfo ?? ResolveTypeInfo<T>(sp),
            options,
            SseMetrics.For(sp.GetService<IMeterFactory>()),
            sp.GetService<ISseChannelStore>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System,
            sp.GetService<ILoggerFactory>()?.CreateLogger("SseGen.Channels")));
        return services;
    }

    private static JsonTypeInfo<T> ResolveTypeInfo<T>(IServiceProvider services)
    {
        var json = services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return (JsonTypeInfo<T>)json.GetTypeInfo(typeof(T));
    }
}
