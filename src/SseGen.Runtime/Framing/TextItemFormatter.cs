using System.ComponentModel;

namespace SseGen.Infrastructure;

/// <summary>Writes each string item as text in <c>data:</c>, with an optional fixed event name.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TextItemFormatter(string? eventName = null) : SseItemFormatter<string?>
{
    /// <inheritdoc />
    public override void Write(SseFrameWriter writer, string? item) => writer.WriteTextEvent(item, eventName);
}
