using System;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SseGen.Infrastructure;

/// <summary>Turns one item of an endpoint's stream into one SSE event. Created once per endpoint by generated code.</summary>
/// <typeparam name="T">The item type of the stream.</typeparam>
public abstract class SseItemFormatter<T>
{
    /// <summary>Options for the per-connection JSON writer.</summary>
    public virtual JsonWriterOptions JsonWriterOptions => default;

    /// <summary>Writes <paramref name="item"/> as one complete event.</summary>
    public abstract void Write(SseFrameWriter writer, T item);

    private protected static JsonWriterOptions FromSerializerOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        MaxDepth = options.MaxDepth,
        NewLine = options.NewLine,
        SkipValidation = true,
    };
}

/// <summary>Writes each item as JSON in <c>data:</c>, with an optional fixed event name.</summary>
public sealed class SseJsonItemFormatter<T>(JsonTypeInfo<T> typeInfo, string? eventName = null) : SseItemFormatter<T>
{
    private readonly JsonTypeInfo<T> _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public override JsonWriterOptions JsonWriterOptions => FromSerializerOptions(_typeInfo.Options);

    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, T item) => writer.WriteJsonEvent(item, _typeInfo, eventName);
}

/// <summary>Writes each string item as text in <c>data:</c>, with an optional fixed event name.</summary>
public sealed class SseTextItemFormatter(string? eventName = null) : SseItemFormatter<string?>
{
    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, string? item) => writer.WriteTextEvent(item, eventName);
}

/// <summary>Writes <see cref="SseItem{T}"/> items: their event type, id and retry, and their data as JSON.</summary>
public sealed class SseJsonSseItemFormatter<T>(JsonTypeInfo<T> typeInfo) : SseItemFormatter<SseItem<T>>
{
    private readonly JsonTypeInfo<T> _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public override JsonWriterOptions JsonWriterOptions => FromSerializerOptions(_typeInfo.Options);

    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, SseItem<T> item) =>
        writer.WriteJsonEvent(item.Data, _typeInfo, item.EventType, item.EventId, item.ReconnectionInterval);
}

/// <summary>Writes <see cref="SseItem{T}"/> of <see cref="string"/> items: their fields, and their data as text.</summary>
public sealed class SseTextSseItemFormatter : SseItemFormatter<SseItem<string?>>
{
    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, SseItem<string?> item) =>
        writer.WriteTextEvent(item.Data, item.EventType, item.EventId, item.ReconnectionInterval);
}
