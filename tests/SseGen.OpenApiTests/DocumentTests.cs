using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SseGen.OpenApiTests;

/// <summary>
/// The OpenAPI document an app serves with <c>AddOpenApi()</c>/<c>MapOpenApi()</c> lists every
/// <c>[SseEndpoint]</c>: its request values, a 200 <c>text/event-stream</c> whose events are described
/// as OpenAPI 3.2 describes them (under <c>x-itemSchema</c>, as README's "OpenAPI" section says), 204,
/// 400 ProblemDetails where binding can fail, and 503 with Retry-After where the stream can be refused.
/// </summary>
public sealed class DocumentTests(DocumentServer server) : IClassFixture<DocumentServer>
{
    private const string EventStream = "text/event-stream";

    [Fact]
    public void Document_ReadsWithoutErrors()
    {
        var errors = server.Read.Diagnostic?.Errors ?? [];
        Assert.True(errors.Count == 0, "Microsoft.OpenApi's reader found: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.NotNull(server.Read.Document);
    }

    [Fact]
    public void JsonItems_AreDescribedByTheSchemaOfT_WithTheWiresPropertyNames()
    {
        var operation = Get("/ticks");
        var stream = StreamContent(operation);
        Assert.Equal("#/components/schemas/PriceTick", ItemSchema(stream)["properties"]?["data"]?["contentSchema"]?["$ref"]?.GetValue<string>());
        var component = server.Document.Components!.Schemas!["PriceTick"];
        Assert.Equal(["lastPrice", "seqNo", "symbol"], component.Properties!.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void QueryValues_AreRequiredUnlessNullableOrDefaulted()
    {
        var operation = Get("/ticks");
        var market = Parameter(operation, "market");
        Assert.Equal(ParameterLocation.Query, market.In);
        Assert.True(market.Required, "string market is required");
        Assert.Equal(JsonSchemaType.String, market.Schema!.Type! & ~JsonSchemaType.Null);

        var limit = Parameter(operation, "limit");
        Assert.Equal(ParameterLocation.Query, limit.In);
        Assert.False(limit.Required, "int? limit is optional");
        Assert.True(limit.Schema!.Type!.Value.HasFlag(JsonSchemaType.Integer), $"limit is an integer, not {limit.Schema.Type}");
        Assert.Equal(2, operation.Parameters!.Count);
    }

    [Fact]
    public void TextItems_AreStrings_WithTheFixedEventName_AndNoBadRequest()
    {
        var operation = Get("/clock");
        var stream = StreamContent(operation);
        Assert.Equal("tick", ItemSchema(stream)["properties"]?["event"]?["const"]?.GetValue<string>());
        Assert.True(operation.Parameters is null or { Count: 0 }, "the clock reads nothing from the request");
        Assert.False(operation.Responses!.ContainsKey("400"), "nothing to bind, so no 400");
    }

    [Fact]
    public void SseItemOfT_IsDescribedByT_WithItsRouteAndHeaderValues()
    {
        var operation = Get("/orders/{id}");
        var stream = StreamContent(operation);
        Assert.Equal("#/components/schemas/PriceTick", ItemSchema(stream)["properties"]?["data"]?["contentSchema"]?["$ref"]?.GetValue<string>());
        Assert.Null(ItemSchema(stream)["properties"]?["event"]?["const"]);

        var id = Parameter(operation, "id");
        Assert.Equal(ParameterLocation.Path, id.In);
        Assert.True(id.Required);
        Assert.True(id.Schema!.Type!.Value.HasFlag(JsonSchemaType.Integer), $"{{id:int}} is an integer, not {id.Schema.Type}");

        var lastEventId = Parameter(operation, "Last-Event-ID");
        Assert.Equal(ParameterLocation.Header, lastEventId.In);
        Assert.False(lastEventId.Required, "long? Last-Event-ID is optional");
        Assert.Equal("int64", lastEventId.Schema!.Format);
    }

    [Theory]
    [InlineData("/ticks")]
    [InlineData("/orders/{id}")]
    [InlineData("/lib/quotes/{symbol}")]
    [InlineData("/rooms/{room}")]
    public void EndpointsThatBindRequestValues_AnswerBadRequestWithProblemDetails(string path)
    {
        var badRequest = Get(path).Responses!["400"];
        var problem = Assert.Single(badRequest.Content!);
        Assert.Equal("application/problem+json", problem.Key);
        Assert.Equal("ProblemDetails", Assert.IsType<OpenApiSchemaReference>(problem.Value.Schema).Reference.Id);
    }

    [Fact]
    public void LibraryWithoutTheOpenApiPackage_IsStillDescribed_UnderItsRouteGroup()
    {
        // Contoso.Quotes does not reference Microsoft.AspNetCore.OpenApi: ApiExplorer alone describes
        // it, so the stream's schema is the item's (text) without SseGen's extensions.
        var operation = Get("/lib/quotes/{symbol}");
        var symbol = Parameter(operation, "symbol");
        Assert.Equal(ParameterLocation.Path, symbol.In);
        Assert.True(symbol.Required);
        var stream = StreamContent(operation);
        Assert.Equal(JsonSchemaType.String, stream.Schema!.Type);
        Assert.Null(stream.Schema.Format);
    }

    [Fact]
    public void EveryStream_IsATextEventStream()
    {
        foreach (var path in Streams)
        {
            var schema = StreamContent(Get(path)).Schema!;
            Assert.Equal(JsonSchemaType.String, schema.Type);
            Assert.Equal("event-stream", schema.Format);
        }
    }

    private static readonly string[] Streams = ["/ticks", "/clock", "/orders/{id}", "/rooms/{room}", "/limited"];

    private const string Id = """{ "type": "string" }""";
    private const string Retry = """{ "type": "integer", "minimum": 0 }""";
    private const string PriceTickData = """{ "type": "string", "contentMediaType": "application/json", "contentSchema": { "$ref": "#/components/schemas/PriceTick" } }""";

    /// <summary>
    /// Each stream's event, whole: the shape OpenAPI 3.2 gives <c>text/event-stream</c> (an object with
    /// <c>data</c> required, <c>event</c>, <c>id</c>, <c>retry</c>), JSON data as a string whose
    /// <c>contentSchema</c> is T's component, and a channel's reset and missed told apart by their names.
    /// </summary>
    public static TheoryData<string, string> ItemSchemas() => new()
    {
        { "/ticks", $$"""{ "type": "object", "properties": { "data": {{PriceTickData}}, "event": { "type": "string" }, "id": {{Id}}, "retry": {{Retry}} }, "required": ["data"] }""" },
        { "/clock", $$"""{ "type": "object", "properties": { "data": { "type": "string" }, "event": { "type": "string", "const": "tick" }, "id": {{Id}}, "retry": {{Retry}} }, "required": ["data"] }""" },
        { "/orders/{id}", $$"""{ "type": "object", "properties": { "data": {{PriceTickData}}, "event": { "type": "string" }, "id": {{Id}}, "retry": {{Retry}} }, "required": ["data"] }""" },
        { "/limited", $$"""{ "type": "object", "properties": { "data": {{PriceTickData}}, "event": { "type": "string", "const": "price" }, "id": {{Id}}, "retry": {{Retry}} }, "required": ["data"] }""" },
        {
            "/rooms/{room}", $$"""
            {
              "type": "object",
              "properties": { "data": { "type": "string", "contentMediaType": "application/json" }, "event": { "type": "string" }, "id": {{Id}}, "retry": {{Retry}} },
              "required": ["data"],
              "oneOf": [
                { "properties": { "event": { "type": "string", "not": { "enum": ["reset", "missed"] } }, "data": {{PriceTickData}} } },
                {
                  "properties": {
                    "event": { "const": "reset" },
                    "data": { "type": "string", "contentMediaType": "application/json", "contentSchema": { "type": "object", "properties": { "latestId": { "type": "string" } }, "required": ["latestId"] } }
                  },
                  "required": ["event"]
                },
                {
                  "properties": {
                    "event": { "const": "missed" },
                    "data": { "type": "string", "contentMediaType": "application/json", "contentSchema": { "type": "object", "properties": { "missed": { "type": "integer" } }, "required": ["missed"] } }
                  },
                  "required": ["event"]
                }
              ]
            }
            """
        },
    };

    [Theory]
    [MemberData(nameof(ItemSchemas))]
    public void EachStreamsEvent_IsDescribedAsOpenApi32Describes_TextEventStream(string path, string expected)
    {
        var actual = ItemSchema(StreamContent(Get(path)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"{path}: x-itemSchema is\n{actual.ToJsonString()}");
        Assert.False(StreamContent(Get(path)).Extensions!.ContainsKey("x-sse-event"), "the fixed event name is the item schema's event const, not an extension beside it");
    }

    [Fact]
    public void EveryStream_EndsWith204_WhenItHasNothingToSend()
    {
        foreach (var path in Streams)
        {
            Assert.True(Get(path).Responses!.TryGetValue("204", out var noContent), $"{path} has no 204");
            Assert.Equal("No Content, the stream has nothing to send; EventSource stops.", noContent!.Description);
            Assert.True(noContent.Content is null or { Count: 0 }, $"{path}: a 204 has no body");
        }
    }

    [Theory]
    [InlineData("/limited", "the stream's limit of open connections is reached")]
    [InlineData("/rooms/{room}", "too many broadcast channels are open")]
    public void StreamsThatCanBeRefused_Answer503WithRetryAfterAndProblemDetails(string path, string why)
    {
        Assert.True(Get(path).Responses!.TryGetValue("503", out var unavailable), $"{path} has no 503");
        Assert.Contains(why, unavailable!.Description);
        var problem = Assert.Single(unavailable.Content!);
        Assert.Equal("application/problem+json", problem.Key);
        Assert.Equal("ProblemDetails", Assert.IsType<OpenApiSchemaReference>(problem.Value.Schema).Reference.Id);
        var retryAfter = unavailable.Headers!["Retry-After"];
        Assert.True(retryAfter.Required);
        Assert.Equal(JsonSchemaType.Integer, retryAfter.Schema!.Type);
    }

    [Theory]
    [InlineData("/ticks")]
    [InlineData("/clock")]
    [InlineData("/orders/{id}")]
    public void StreamsWithoutALimitOrAChannel_NeverAnswer503(string path) =>
        Assert.False(Get(path).Responses!.ContainsKey("503"), $"{path} has no stream limit and no channel, so no 503");

    private OpenApiOperation Get(string path)
    {
        Assert.True(server.Document.Paths.TryGetValue(path, out var item), $"{path} is not in the document:\n{server.Json}");
        Assert.True(item!.Operations!.TryGetValue(HttpMethod.Get, out var operation), $"{path} has no GET");
        return operation!;
    }

    private static OpenApiMediaType StreamContent(OpenApiOperation operation)
    {
        var ok = operation.Responses!["200"];
        var content = Assert.Single(ok.Content!);
        Assert.Equal(EventStream, content.Key);
        return (OpenApiMediaType)content.Value;
    }

    private static JsonNode ItemSchema(OpenApiMediaType stream) => Extension(stream, "x-itemSchema");

    private static JsonNode Extension(OpenApiMediaType stream, string name)
    {
        Assert.True(stream.Extensions?.ContainsKey(name) ?? false, $"{name} is missing");
        return Assert.IsType<JsonNodeExtension>(stream.Extensions![name]).Node;
    }

    private static IOpenApiParameter Parameter(OpenApiOperation operation, string name)
    {
        var parameter = operation.Parameters?.FirstOrDefault(p => p.Name == name);
        Assert.True(parameter is not null, $"no parameter {name}; found: {string.Join(", ", operation.Parameters?.Select(p => p.Name) ?? [])}");
        return parameter!;
    }
}
