using System;
using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SseGen.Infrastructure;

/// <summary>Writes each item as JSON in <c>data:</c>, with an optional fixed event name.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonItemFormatter<T>(JsonTypeInfo<T> typeInfo, string? eventName = null) : SseItemFormatter<T>
{
    private readonly JsonTypeInfo<T> _typeInfo = typeInfo ?? throw new ArgumentNullException(nameof(typeInfo));

    /// <inheritdoc />
    public override JsonWriterOptions JsonWriterOptions => FromSerializerOptions(_typeInfo.Options);

    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, T item) => writer.WriteJsonEvent(item, _typeInfo, eventName);
}
