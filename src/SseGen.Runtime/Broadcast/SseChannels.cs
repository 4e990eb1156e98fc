using System;
using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;
using SseGen.Infrastructure;

namespace SseGen;

/// <summary>
/// The broadcast channels of one item type, by name (one per chat room, per ticker, per user…),
/// registered with <c>services.AddSseChannels&lt;T&gt;()</c> and taken as a service by endpoints and
/// by whatever publishes.
/// </summary>
/// <typeparam name="T">The item type, serialized as JSON.</typeparam>
public sealed class SseChannels<T>
{
    private readonly ConcurrentDictionary<string, SseChannel<T>> _channels = new(StringComparer.Ordinal);
    private readonly Func<string, SseChannel<T>> _create;

    internal SseChannels(JsonTypeInfo<T> typeInfo, SseChannelOptions options, SseMetrics metrics, ISseChannelStore? store = null)
    {
        options.Validate();
        _create = name => new SseChannel<T>(name, typeInfo, options, metrics, store);
    }

    /// <summary>The channel named <paramref name="name"/>, created on first use.</summary>
    /// <remarks>A channel lives as long as the app: it keeps its history (at most <see cref="SseChannelOptions.HistoryLength"/> events) when nobody listens.</remarks>
    public SseChannel<T> Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _channels.GetOrAdd(name, _create);
    }
}
