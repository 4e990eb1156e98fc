using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace SseGen.OpenApiTests;

/// <summary>
/// The OpenAPI document an app serves with <c>AddOpenApi()</c>/<c>MapOpenApi()</c> lists every
/// <c>[SseEndpoint]</c>: its request values, a 200 <c>text/event-stream</c> whose items are described
/// as README's "OpenAPI" section says, 400 ProblemDetails where binding can fail, and a fixed event name.
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
        Assert.Equal("#/components/schemas/PriceTick", ItemSchema(stream)["$ref"]?.GetValue<string>());
        var component = server.Document.Components!.Schemas!["PriceTick"];
        Assert.Equal(["lastPrice", "seqNo", "symbol"], component.Properties!.Keys.Order(StringComparer.Ordinal));
        Assert.False(stream.Extensions?.ContainsKey("x-sse-event") ?? false, "an endpoint without EventName has no fixed event name");
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
        Assert.Equal("string", ItemSchema(stream)["type"]?.GetValue<string>());
        Assert.Equal("tick", Extension(stream, "x-sse-event").GetValue<string>());
        Assert.True(operation.Parameters is null or { Count: 0 }, "the clock reads nothing from the request");
        Assert.False(operation.Responses!.ContainsKey("400"), "nothing to bind, so no 400");
    }

    [Fact]
    public void SseItemOfT_IsDescribedByT_WithItsRouteAndHeaderValues()
    {
        var operation = Get("/orders/{id}");
        var stream = StreamContent(operation);
        Assert.Equal("#/components/schemas/PriceTick", ItemSchema(stream)["$ref"]?.GetValue<string>());
        Assert.False(stream.Extensions?.ContainsKey("x-sse-event") ?? false, "SseItem<T> names each event itself");

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
        foreach (var path in new[] { "/ticks", "/clock", "/orders/{id}" })
        {
            var schema = StreamContent(Get(path)).Schema!;
            Assert.Equal(JsonSchemaType.String, schema.Type);
            Assert.Equal("event-stream", schema.Format);
        }
    }

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
