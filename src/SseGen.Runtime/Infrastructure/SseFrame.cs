using System;
using System.Collections.Generic;

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

/// <summary>A published item: its frame, its place in the channel, and the item itself for typed readers.</summary>
internal sealed class SseChannelEntry<T>(byte[] bytes, string? eventType, long sequence, string id, long publishedAt, T item)
    : SseFrame(bytes, eventType)
{
    public long Sequence { get; } = sequence;

    public string Id { get; } = id;

    /// <summary>When it was published (Stopwatch timestamp), for the history's age limit.</summary>
    public long PublishedAt { get; } = publishedAt;

    public T Item { get; } = item;
}

/// <summary>Implemented by subscriptions whose frames a stream can copy as they are, without formatting them again.</summary>
internal interface ISseFrameSource
{
    IAsyncEnumerable<SseFrame> Frames { get; }
}

/// <summary>Writes a pre-framed event's bytes as they are.</summary>
internal sealed class SseFrameFormatter : SseItemFormatter<SseFrame>
{
    public static readonly SseFrameFormatter Instance = new();

    public override void Write(SseFrameWriter writer, SseFrame item) => writer.WriteRaw(item.Bytes);
}
