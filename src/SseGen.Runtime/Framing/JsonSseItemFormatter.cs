using System;
using System.ComponentModel;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SseGen.Infrastructure;

/// <summary>Writes <see cref="SseItem{T}"/> items: their event type, id and retry, and their data as JSON.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonSseItemFormatter<T>(JsonTypeInfo<T> typeInfo) : SseItemFormatter<SseItem<T>>
{
    private readonly JsonTypeInfo<T> _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public override JsonWriterOptions JsonWriterOptions => FromSerializerOptions(_typeInfo.Options);

    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, SseItem<T> item) =>
        writer.WriteJsonEvent(item.Data, _typeInfo, item.EventType, item.EventId, item.ReconnectionInterval);
}
