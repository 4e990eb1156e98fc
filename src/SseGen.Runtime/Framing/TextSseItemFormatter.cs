using System.ComponentModel;
using System.Net.ServerSentEvents;

namespace SseGen.Infrastructure;

/// <summary>Writes <see cref="SseItem{T}"/> of <see cref="string"/> items: their fields, and their data as text.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TextSseItemFormatter : SseItemFormatter<SseItem<string?>>
{
    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, SseItem<string?> item) =>
        writer.WriteTextEvent(item.Data, item.EventType, item.EventId, item.ReconnectionInterval);
}
