namespace SseGen.Infrastructure;

/// <summary>Writes a pre-framed event's bytes as they are.</summary>
internal sealed class SseFrameFormatter : SseItemFormatter<SseFrame>
{
    public static readonly SseFrameFormatter Instance = new();

    public override void Write(SseFrameWriter writer, SseFrame item) => writer.WriteFrames(item.Bytes);
}
