using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// What an OpenAPI document learns of each endpoint: every app gets the ApiExplorer description
/// (request values, item type); an app that references Microsoft.AspNetCore.OpenApi also gets the
/// stream's operation transformer (with what the endpoint's signature tells: a fixed event name,
/// JSON or text data, a stream limit, a channel subscription), and still compiles clean under the
/// strictest settings.
/// </summary>
public sealed class OpenApiSnapshotTests
{
    private const string Endpoints = """
        using System.Net.ServerSentEvents;
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        public sealed record Quote(string Symbol, decimal Price);

        [JsonSerializable(typeof(Quote))]
        internal sealed partial class AppJson : JsonSerializerContext;

        public static class Streams
        {
            [SseEndpoint("/quotes/{symbol:alpha}")]
            public static async IAsyncEnumerable<SseItem<Quote>> Quotes(
                string symbol,
                int? depth,
                [FromHeader(Name = "Last-Event-ID")] long? lastEventId,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<Quote>(new Quote(symbol, depth ?? 0), "quote") { EventId = lastEventId?.ToString() };
            }

            [SseEndpoint("/clock", EventName = "tick")]
            public static async IAsyncEnumerable<string> Clock([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "12:00";
            }

            // A broadcast subscription (its signature takes the channels of its T) under a stream limit:
            // 503 for either, and the channel's reset and missed events in its item schema.
            [SseEndpoint("/rooms/{room}"), SseStreamLimit(100)]
            public static IAsyncEnumerable<SseItem<Quote>> Room(string room, SseChannels<Quote> rooms) => rooms.Get(room).Subscribe();
        }
        """;

    [Fact]
    public void WithoutTheOpenApiPackage_EndpointsAreDescribedToApiExplorerOnly() => GeneratedCode.Verify(Endpoints);

    [Fact]
    public void WithTheOpenApiPackage_EachStreamAlsoGetsItsOperationTransformer() => GeneratedCode.VerifyWithOpenApi(Endpoints);
}
