using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class JsonEndpoints
{
    [SseEndpoint("/json/ticks")]
    public static async IAsyncEnumerable<Tick> Ticks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Tick(1, "first");
        yield return new Tick(2, "second");
    }

    [SseEndpoint("/json/escaping")]
    public static async IAsyncEnumerable<Tick> Escaping([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Tick(3, "<b>größe</b> & \"quoted\"");
    }
}

public sealed class JsonTests
{
    [Fact]
    public async Task Json_payloads_use_web_defaults_camel_case()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/json/ticks");

        Assert.Equal(["""{"seqNo":1,"displayName":"first"}""", """{"seqNo":2,"displayName":"second"}"""], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Json_payloads_follow_the_apps_configured_naming_policy()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower));

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), "/json/ticks");

        Assert.Equal(
            "data: {\"seq_no\":1,\"display_name\":\"first\"}\n\n" +
            "data: {\"seq_no\":2,\"display_name\":\"second\"}\n\n",
            raw);
    }

    [Fact]
    public async Task String_values_are_escaped_with_the_apps_encoder_relaxed_by_default()
    {
        // ASP.NET Core's JSON options use UnsafeRelaxedJsonEscaping: HTML characters and non-ASCII stay as they are.
        await using var server = await TestServer.StartAsync();

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), "/json/escaping");

        Assert.Equal("data: {\"seqNo\":3,\"displayName\":\"<b>größe</b> & \\\"quoted\\\"\"}\n\n", raw);
    }

    [Fact]
    public async Task String_values_follow_an_encoder_the_app_configured()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default));

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), "/json/escaping");

        Assert.Equal("data: {\"seqNo\":3,\"displayName\":\"\\u003Cb\\u003Egr\\u00F6\\u00DFe\\u003C/b\\u003E \\u0026 \\u0022quoted\\u0022\"}\n\n", raw);
    }

    [Fact]
    public async Task Json_events_serialize_with_reflection_based_serialization_disabled()
    {
        // The test process runs as an AOT app would: no reflection fallback anywhere.
        Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
        Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new Unlisted(1)));

        await using var server = await TestServer.StartAsync();
        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/json/ticks");

        Assert.Equal(2, events.Count);
        var first = JsonSerializer.Deserialize(events[0].Data, WebJson.Info<Tick>());
        Assert.Equal(new Tick(1, "first"), first);
        Assert.Empty(server.Logs.Errors);
    }
}
