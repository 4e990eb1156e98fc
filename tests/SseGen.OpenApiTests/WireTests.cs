using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace SseGen.OpenApiTests;

/// <summary>
/// The document says what the wire carries: events read from the running streams (real Kestrel)
/// are checked against the item schema the same app's document gives them: the event name its
/// <c>const</c> or <c>oneOf</c> branch allows, the data JSON where <c>contentMediaType</c> says so,
/// with the properties of its <c>contentSchema</c>.
/// </summary>
public sealed class WireTests(DocumentServer server) : IClassFixture<DocumentServer>
{
    [Fact]
    public async Task AStreamUnderAFixedEventName_SendsWhatItsItemSchemaSays()
    {
        var events = await ReadAsync("/limited", count: 1, lastEventId: null);
        var schema = ItemSchemaOf("/limited");
        Assert.All(events, e => AssertMatches(schema, e));
    }

    [Fact]
    public async Task TextItems_SendWhatTheirItemSchemaSays()
    {
        var events = await ReadAsync("/clock", count: 1, lastEventId: null);
        var schema = ItemSchemaOf("/clock");
        Assert.All(events, e => AssertMatches(schema, e));
    }

    [Fact]
    public async Task ABroadcastSubscription_SendsItsItemsAndTheChannelsReset_AsItsItemSchemaSays()
    {
        var channel = server.Services.GetRequiredService<SseChannels<PriceTick>>().Get("wire");
        await channel.PublishAsync(new PriceTick("A", 1, 1m));

        // An id the channel never issued: it answers with reset first, then streams what comes.
        var reading = ReadAsync("/rooms/wire", count: 2, lastEventId: "not-an-id");
        var published = Task.Run(async () =>
        {
            await Task.Delay(200);
            await channel.PublishAsync(new PriceTick("B", 2, 2m));
        });
        var events = await reading;
        await published;

        Assert.Equal(["reset", "message"], events.Select(e => e.EventType));
        var schema = ItemSchemaOf("/rooms/{room}");
        Assert.All(events, e => AssertMatches(schema, e));
    }

    private JsonObject ItemSchemaOf(string path)
    {
        var operation = server.Document.Paths[path].Operations![HttpMethod.Get];
        var stream = (OpenApiMediaType)operation.Responses!["200"].Content!["text/event-stream"];
        return Assert.IsType<JsonNodeExtension>(stream.Extensions!["x-itemSchema"]).Node.AsObject();
    }

    private async Task<List<SseItem<string>>> ReadAsync(string path, int count, string? lastEventId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var client = new HttpClient { BaseAddress = server.Address };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        var events = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            events.Add(item);
            if (events.Count == count)
            {
                break;
            }
        }

        Assert.Equal(count, events.Count);
        return events;
    }

    /// <summary>
    /// Checks one parsed event against the parts of JSON Schema the item schema uses: the branch of
    /// <c>oneOf</c> its name selects (exactly one), <c>const</c>, <c>not</c>/<c>enum</c>, and data
    /// read as JSON whose properties are those of the <c>contentSchema</c> (a component or inline).
    /// </summary>
    private void AssertMatches(JsonObject schema, SseItem<string> e)
    {
        var properties = schema["properties"]!.AsObject();
        AssertEventName(properties["event"]!.AsObject(), e);
        var data = properties["data"]!.AsObject();
        if (schema["oneOf"] is JsonArray branches)
        {
            var matching = branches.Where(b => AllowsEventName(b!["properties"]!["event"]!.AsObject(), e.EventType)).ToList();
            var branch = Assert.Single(matching);
            data = branch!["properties"]!["data"]!.AsObject();
        }

        if (data["contentMediaType"]?.GetValue<string>() != "application/json")
        {
            Assert.Null(data["contentSchema"]);
            return;
        }

        var json = JsonNode.Parse(e.Data)!.AsObject();
        var contentSchema = data["contentSchema"]!.AsObject();
        if (contentSchema["$ref"] is { } reference)
        {
            var component = server.Document.Components!.Schemas![reference.GetValue<string>().Split('/')[^1]];
            Assert.Equal(component.Properties!.Keys.Order(StringComparer.Ordinal), json.Select(p => p.Key).Order(StringComparer.Ordinal));
            return;
        }

        foreach (var required in contentSchema["required"]!.AsArray())
        {
            var name = required!.GetValue<string>();
            Assert.True(json.ContainsKey(name), $"{e.EventType}: data {e.Data} has no {name}");
            var kind = json[name]!.GetValueKind();
            var type = contentSchema["properties"]![name]!["type"]!.GetValue<string>();
            Assert.Equal(type == "integer" ? JsonValueKind.Number : JsonValueKind.String, kind);
        }
    }

    private static void AssertEventName(JsonObject eventSchema, SseItem<string> e) =>
        Assert.True(AllowsEventName(eventSchema, e.EventType), $"event {e.EventType} is not allowed by {eventSchema.ToJsonString()}");

    private static bool AllowsEventName(JsonObject eventSchema, string eventType)
    {
        if (eventSchema["const"] is { } constant && constant.GetValue<string>() != eventType)
        {
            return false;
        }

        return eventSchema["not"]?["enum"] is not JsonArray excluded || !excluded.Any(x => x!.GetValue<string>() == eventType);
    }
}
