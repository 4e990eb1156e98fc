using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.OpenApiTests;

/// <summary>A JSON item with multi-word properties: the schema must name them as the wire does (camelCase).</summary>
public sealed record PriceTick(string Symbol, long SeqNo, decimal LastPrice);

/// <summary>One endpoint per shape the document must describe.</summary>
public static class DocumentedEndpoints
{
    /// <summary>JSON items; a required and an optional query value.</summary>
    [SseEndpoint("/ticks")]
    public static async IAsyncEnumerable<PriceTick> Ticks(string market, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new PriceTick(market, limit ?? 0, 1.5m);
    }

    /// <summary>Text items under a fixed event name, no request values at all.</summary>
    [SseEndpoint("/clock", EventName = "tick")]
    public static async IAsyncEnumerable<string> Clock([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "12:00:00";
    }

    /// <summary><c>SseItem&lt;T&gt;</c>: the item is T; a route value with a constraint and a header.</summary>
    [SseEndpoint("/orders/{id:int}")]
    public static async IAsyncEnumerable<SseItem<PriceTick>> Orders(
        int id,
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<PriceTick>(new PriceTick("ORD", id, lastEventId ?? 0), "order");
    }

    /// <summary>A broadcast subscription (it takes the channels of its T): reset and missed, and 503 at the channels' cap.</summary>
    [SseEndpoint("/rooms/{room}")]
    public static IAsyncEnumerable<SseItem<PriceTick>> Room(string room, SseChannels<PriceTick> rooms, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        rooms.Get(room).Subscribe(lastEventId);

    /// <summary>JSON items under a fixed event name and a stream limit: 503 with Retry-After.</summary>
    [SseEndpoint("/limited", EventName = "price"), SseStreamLimit(5, RetryAfterSeconds = 3)]
    public static async IAsyncEnumerable<PriceTick> Limited([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new PriceTick("LIM", 1, 2m);
    }
}

[JsonSerializable(typeof(PriceTick))]
[JsonSerializable(typeof(ProblemDetails))]
// Under Native AOT every type the document shows needs JSON metadata, as for any minimal API. The
// request values are described by their parsed type (int for int? limit), and this context already
// has it: int with ProblemDetails.Status, long with PriceTick.SeqNo.
internal sealed partial class DocumentJson : JsonSerializerContext;
