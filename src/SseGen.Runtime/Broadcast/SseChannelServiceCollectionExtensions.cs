using System;
using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// With a store registered (<see cref="AddSseChannelStore"/>, or SseGen.Redis's <c>AddSseRedis(…)</c>), the channels live in it and are shared by every instance.
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

    /// <summary>
    /// Makes every <see cref="SseChannels{T}"/> of the app live in the store <paramref name="factory"/> makes,
    /// shared by every instance of the app that uses the same store, instead of in memory. The store
    /// is a singleton, made when the first set of channels is; the container disposes it if it is
    /// <see cref="IDisposable"/>. Called again, the last call wins. SseGen.Redis's <c>AddSseRedis(…)</c> calls it.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="factory">Makes the store, from the app's services (its <see cref="TimeProvider"/>, its logger factory…).</param>
    /// <remarks>What a store must guarantee is on <see cref="ISseChannelStore"/>.</remarks>
    /// <example>
    /// <code>
    /// builder.Services.AddSseChannels&lt;ChatMessage&gt;();
    /// builder.Services.AddSseChannelStore(sp =&gt; new MyChannelStore(sp.GetRequiredService&lt;TimeProvider&gt;()));
    /// </code>
    /// </example>
    public static IServiceCollection AddSseChannelStore(this IServiceCollection services, Func<IServiceProvider, ISseChannelStore> factory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(factory);
        services.RemoveAll<ISseChannelStore>();
        services.AddSingleton(factory);
        return services;
    }

    private static JsonTypeInfo<T> ResolveTypeInfo<T>(IServiceProvider services)
    {
        var json = services.GetService<IOptions<HttpJsonOptions>>()?.Value.SerializerOptions ?? new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return (JsonTypeInfo<T>)json.GetTypeInfo(typeof(T));
    }
}
