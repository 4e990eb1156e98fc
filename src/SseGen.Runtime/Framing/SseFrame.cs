namespace SseGen.Infrastructure;

/// <summary>
/// One event already framed as bytes (<c>event:</c>, <c>id:</c>, <c>data:</c> lines and the blank
/// line): a broadcast channel frames a published item once and hands the same instance to every
/// subscriber, whose stream copies the bytes into its response.
/// </summary>
internal class SseFrame(byte[] bytes, string? eventType)
{
    public byte[] Bytes { get; } = bytes;

    /// <summary>The frame's <c>event:</c> name (null for <c>message</c>).</summary>
    public string? EventType { get; } = eventType;
}
