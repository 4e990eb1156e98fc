using System;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SseGen.Infrastructure;

/// <summary>A published item: its frame, its place in the channel, and the item itself for typed readers.</summary>
internal sealed class SseChannelEntry<T> : SseFrame
{
    private readonly JsonTypeInfo<T>? _typeInfo;
    private readonly ReadOnlyMemory<byte> _json;
    private T _item;
    private bool _hasItem;

    /// <summary>An item published here.</summary>
    public SseChannelEntry(byte[] bytes, string? eventType, long sequence, string id, long publishedAt, T item)
        : base(bytes, eventType)
    {
        Sequence = sequence;
        Id = id;
        PublishedAt = publishedAt;
        _item = item;
        _hasItem = true;
    }

    /// <summary>An item that came from a shared store as JSON; it is deserialized only if a typed reader asks for it.</summary>
    public SseChannelEntry(byte[] bytes, string? eventType, string id, long publishedAt, ReadOnlyMemory<byte> json, JsonTypeInfo<T> typeInfo)
        : base(bytes, eventType)
    {
        Id = id;
        PublishedAt = publishedAt;
        _json = json;
        _typeInfo = typeInfo;
        _item = default!;
    }

    /// <summary>The place in an in-memory channel (0 for an event from a store, whose ids order it).</summary>
    public long Sequence { get; }

    public string Id { get; }

    /// <summary>When it was published (a timestamp of the channels' <see cref="System.TimeProvider"/>), for the history's age limit.</summary>
    public long PublishedAt { get; }

    public T Item
    {
        get
        {
            if (!_hasItem)
            {
                _item = JsonSerializer.Deserialize(_json.Span, _typeInfo!)!;
                _hasItem = true;
            }

            return _item;
        }
    }
}
