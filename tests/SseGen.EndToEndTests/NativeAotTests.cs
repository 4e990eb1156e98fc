using System.Globalization;
using System.Text.Json;
using Microsoft.OpenApi;
using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>The sample published as Native AOT: no warnings, a native binary, the same streams.</summary>
[Trait("Category", "Slow")]
public sealed class NativeAotTests(NativeAotFixture fixture) : IClassFixture<NativeAotFixture>
{
    [Fact]
    public void Publish_has_zero_warnings()
    {
        fixture.AssertPublished();

        // IL (trim), AOT, compiler, NuGet: any "warning X:" line counts.
        Assert.True(fixture.Publish!.WarningLines.Count == 0,
            $"{fixture.Publish.WarningLines.Count} warning(s) publishing the sample as Native AOT:\n" + string.Join('\n', fixture.Publish.WarningLines));
    }

    [Fact]
    public void Output_is_a_native_elf_executable_without_managed_entry()
    {
        fixture.AssertPublished();

        var header = new byte[4];
        using (var file = File.OpenRead(fixture.Executable))
        {
            file.ReadExactly(header);
        }

        Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, header);
        Assert.True((File.GetUnixFileMode(fixture.Executable) & UnixFileMode.UserExecute) != 0, "not executable");

        var files = Directory.GetFiles(fixture.PublishDirectory).Select(Path.GetFileName).ToList();
        Assert.DoesNotContain("SseGen.Sample.dll", files);
        Assert.DoesNotContain("SseGen.Runtime.dll", files);
        Assert.DoesNotContain("SseGen.Sample.runtimeconfig.json", files);
    }

    [Fact]
    public async Task Quotes_stream_typed_camel_case_json_events_with_ids()
    {
        var app = fixture.RunningApp();

        var response = await SseHttp.ReadEventsAsync(app.BaseAddress, "/quotes/XYZ", count: 3);

        Assert.Equal("text/event-stream", response.ContentType);
        for (var i = 0; i < 3; i++)
        {
            var item = response.Events[i];
            Assert.Equal("quote", item.EventType);
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), item.EventId);

            using var json = JsonDocument.Parse(item.Data);
            var names = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(["symbol", "sequence", "price", "time"], names);
            Assert.Equal("XYZ", json.RootElement.GetProperty("symbol").GetString());
            Assert.Equal(i + 1, json.RootElement.GetProperty("sequence").GetInt64());
            Assert.Equal(JsonValueKind.Number, json.RootElement.GetProperty("price").ValueKind);
            Assert.True(json.RootElement.GetProperty("time").TryGetDateTimeOffset(out _), item.Data);
        }
    }

    [Fact]
    public async Task Quotes_resume_after_last_event_id()
    {
        var app = fixture.RunningApp();

        var response = await SseHttp.ReadEventsAsync(app.BaseAddress, "/quotes/XYZ", count: 2, lastEventId: "41");

        Assert.Equal(["42", "43"], response.Events.Select(e => e.EventId));
        using var json = JsonDocument.Parse(response.Events[0].Data);
        Assert.Equal(42, json.RootElement.GetProperty("sequence").GetInt64());
    }

    [Fact]
    public async Task The_page_script_is_served_and_the_private_stream_wants_its_bearer_token()
    {
        var app = fixture.RunningApp();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        // The same wwwroot as `dotnet run`: the committed bundle the page loads (samples/SseGen.Sample/client).
        var script = await client.GetStringAsync("/sample.js");
        Assert.Contains("getQuotesSymbol", script, StringComparison.Ordinal);

        using var refused = await client.GetAsync("/private/secrets", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/private/secrets");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sample-token");
        using var allowed = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("text/event-stream", allowed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Clock_streams_text_tick_events()
    {
        var app = fixture.RunningApp();

        var response = await SseHttp.ReadEventsAsync(app.BaseAddress, "/clock", count: 2);

        Assert.Equal("text/event-stream", response.ContentType);
        Assert.All(response.Events, item =>
        {
            Assert.Equal("tick", item.EventType);
            Assert.Matches(@"^\d\d:\d\d:\d\d$", item.Data); // text as is, not a JSON string
        });
    }

    [Fact]
    public async Task OpenApi_document_reads_without_errors_and_describes_the_streams_as_they_are_sent()
    {
        // Native AOT is where reflection-based schema generation would break: the document must
        // still come out whole, and the quote's schema must name the properties the stream sends.
        var app = fixture.RunningApp();
        using var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var json = await client.GetStringAsync("/openapi/v1.json");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));

        var read = await OpenApiDocument.LoadAsync(stream, "json");

        var errors = read.Diagnostic?.Errors ?? [];
        Assert.True(errors.Count == 0, "Microsoft.OpenApi's reader found: " + string.Join("; ", errors.Select(e => $"{e.Pointer}: {e.Message}")) + "\n" + json);
        var document = read.Document!;

        // Every stream of the sample, and nothing else, answers text/event-stream.
        var streams = document.Paths
            .Where(path => path.Value.Operations?.Values.Any(o => o.Responses?.TryGetValue("200", out var ok) == true && ok.Content?.ContainsKey("text/event-stream") == true) == true)
            .Select(path => path.Key)
            .Order(StringComparer.Ordinal);
        Assert.Equal(["/chat/{room}", "/clock", "/private/secrets", "/quotes/{symbol}"], streams);

        var quotes = document.Paths["/quotes/{symbol}"].Operations![HttpMethod.Get];
        Assert.Equal(["symbol: path, required, string", "Last-Event-ID: header, optional, integer int64"], Describe(quotes.Parameters));
        Assert.Equal("#/components/schemas/Quote", ItemSchema(quotes)["properties"]?["data"]?["contentSchema"]?["$ref"]?.GetValue<string>());
        Assert.Equal("application/json", ItemSchema(quotes)["properties"]?["data"]?["contentMediaType"]?.GetValue<string>());
        Assert.Equal(["symbol", "sequence", "price", "time"], document.Components!.Schemas!["Quote"].Properties!.Keys);

        var chat = document.Paths["/chat/{room}"].Operations![HttpMethod.Get];
        Assert.Equal(["room: path, required, string", "Last-Event-ID: header, optional, string"], Describe(chat.Parameters));
        // A broadcast subscription: its own messages, or the channel's reset and missed, told apart by the event name.
        var chatEvents = ItemSchema(chat)["oneOf"]!.AsArray();
        Assert.Equal("#/components/schemas/ChatMessage", chatEvents[0]?["properties"]?["data"]?["contentSchema"]?["$ref"]?.GetValue<string>());
        Assert.Equal("reset", chatEvents[1]?["properties"]?["event"]?["const"]?.GetValue<string>());
        Assert.Equal("missed", chatEvents[2]?["properties"]?["event"]?["const"]?.GetValue<string>());
        // [SseStreamLimit(1000)] and the rooms' cap both answer 503 with Retry-After.
        Assert.True(chat.Responses!["503"].Headers!.ContainsKey("Retry-After"), "the chat's 503 has no Retry-After");
        Assert.Equal(["user", "text"], document.Components.Schemas["ChatMessage"].Properties!.Keys);

        var clock = document.Paths["/clock"].Operations![HttpMethod.Get];
        Assert.Empty(Describe(clock.Parameters));
        Assert.Equal("string", ItemSchema(clock)["properties"]?["data"]?["type"]?.GetValue<string>());
        Assert.Null(ItemSchema(clock)["properties"]?["data"]?["contentSchema"]);
        Assert.Equal("tick", ItemSchema(clock)["properties"]?["event"]?["const"]?.GetValue<string>());
        Assert.False(clock.Responses!.ContainsKey("503"), "the clock has no stream limit and no channel");
        Assert.All(new[] { quotes, chat, clock }, operation => Assert.True(operation.Responses!.ContainsKey("204"), "a stream without 204"));
    }

    private static System.Text.Json.Nodes.JsonNode ItemSchema(OpenApiOperation operation)
    {
        var stream = (OpenApiMediaType)operation.Responses!["200"].Content!["text/event-stream"];
        Assert.True(stream.Extensions?.ContainsKey("x-itemSchema") == true, "x-itemSchema is missing");
        return ((JsonNodeExtension)stream.Extensions!["x-itemSchema"]).Node;
    }

    // One line per parameter, so a failure shows the whole list at once.
    private static string[] Describe(IList<IOpenApiParameter>? parameters) =>
        (parameters ?? []).Select(p =>
            $"{p.Name}: {p.In?.ToString().ToLowerInvariant()}, {(p.Required ? "required" : "optional")}, " +
            $"{Kind(p.Schema)}").ToArray();

    // The web JSON defaults read numbers from strings too, so a long is "integer, string" with an
    // int64 format; what matters here is that it is a number and not just text.
    private static string Kind(IOpenApiSchema? schema) => schema?.Type switch
    {
        { } type when type.HasFlag(JsonSchemaType.Integer) => "integer " + schema.Format,
        { } type when type.HasFlag(JsonSchemaType.String) => "string",
        var other => other?.ToString() ?? "no type",
    };
}
