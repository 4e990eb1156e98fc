using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>Streams that are a broadcast channel's subscription, returned as users write them.</summary>
public static class BroadcastEndpoints
{
    [SseEndpoint("/broadcast/seq/{name}")]
    public static IAsyncEnumerable<SseItem<Seq>> Seqs(string name, SseChannels<Seq> channels, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        channels.Get(name).Subscribe(lastEventId);

    [SseEndpoint("/broadcast/notes")]
    public static IAsyncEnumerable<SseItem<Note>> Notes(SseChannels<Note> channels, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        channels.Get("notes").Subscribe(lastEventId);

    [SseEndpoint("/broadcast/counted")]
    public static IAsyncEnumerable<SseItem<Counted>> Counted(SseChannels<Counted> channels) =>
        channels.Get("counted").Subscribe();

    [SseEndpoint("/broadcast/limited"), SseStreamLimit(2, RetryAfterSeconds = 7)]
    public static IAsyncEnumerable<SseItem<Seq>> Limited(SseChannels<Seq> channels) =>
        channels.Get("limited").Subscribe();
}

/// <summary>A payload whose every serialization is counted (by the counter it carries), wherever it happens.</summary>
[JsonConverter(typeof(CountingConverter))]
public sealed record Counted(int N, SerializationCounter Counter);

public sealed class SerializationCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Hit() => Interlocked.Increment(ref _count);
}

public sealed class CountingConverter : JsonConverter<Counted>
{
    public override Counted Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

    public override void Write(Utf8JsonWriter writer, Counted value, JsonSerializerOptions options)
    {
        value.Counter.Hit();
        writer.WriteStartObject();
        writer.WriteNumber("n", value.N);
        writer.WriteEndObject();
    }
}
