using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class SseItemFieldEndpoints
{
    [SseEndpoint("/sseitem/json")]
    public static async IAsyncEnumerable<SseItem<Tick>> Json([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<Tick>(new Tick(1, "one"), "tick") { EventId = "7", ReconnectionInterval = TimeSpan.FromMilliseconds(1500) };
        yield return new SseItem<Tick>(new Tick(2, "two"));
        yield return new SseItem<Tick>(new Tick(3, "three"), "tock") { EventId = "" };
    }

    [SseEndpoint("/sseitem/text")]
    public static async IAsyncEnumerable<SseItem<string>> Text([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<string>("hello", "greeting") { EventId = "a-1", ReconnectionInterval = TimeSpan.FromSeconds(3) };
        yield return new SseItem<string>("plain");
    }

    [SseEndpoint("/sseitem/named", EventName = "tick")]
    public static async IAsyncEnumerable<string> Named([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "a";
        yield return "b";
    }

    [SseEndpoint("/sseitem/named-json", EventName = "update")]
    public static async IAsyncEnumerable<Seq> NamedJson([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Seq(1);
    }
}

public sealed class SseItemFieldsTests
{
    [Fact]
    public async Task Event_id_and_retry_of_a_json_SseItem_reach_the_wire()
    {
        await using var server = await TestServer.StartAsync();

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), "/sseitem/json");

        Assert.Equal(
            "event: tick\nid: 7\nretry: 1500\ndata: {\"seqNo\":1,\"displayName\":\"one\"}\n\n" +
            "data: {\"seqNo\":2,\"displayName\":\"two\"}\n\n" +
            "event: tock\nid: \ndata: {\"seqNo\":3,\"displayName\":\"three\"}\n\n",
            raw);
    }

    [Fact]
    public async Task Sse_parser_sees_event_type_id_and_reconnection_interval()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/sseitem/json", cts.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var parser = SseParser.Create(stream);

        var events = new List<SseItem<string>>();
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            events.Add(item);
        }

        Assert.Equal(3, events.Count);
        Assert.Equal("tick", events[0].EventType);
        Assert.Equal("7", events[0].EventId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), events[0].ReconnectionInterval);
        Assert.Equal("message", events[1].EventType);
        Assert.Null(events[1].EventId);
        Assert.Equal("tock", events[2].EventType);
        Assert.Equal(string.Empty, parser.LastEventId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.ReconnectionInterval);
    }

    [Fact]
    public async Task Fields_of_a_text_SseItem_reach_the_wire()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/sseitem/text");
        var events = await SseClient.ReadEventsAsync(client, "/sseitem/text");

        Assert.Equal("event: greeting\nid: a-1\nretry: 3000\ndata: hello\n\ndata: plain\n\n", raw);
        Assert.Equal(("greeting", "a-1", TimeSpan.FromSeconds(3), "hello"), (events[0].EventType, events[0].EventId, events[0].ReconnectionInterval, events[0].Data));
        Assert.Equal(("message", "plain"), (events[1].EventType, events[1].Data));
    }

    [Fact]
    public async Task EventName_of_the_attribute_names_every_plain_event()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal("event: tick\ndata: a\n\nevent: tick\ndata: b\n\n", await SseClient.ReadRawAsync(client, "/sseitem/named"));
        var events = await SseClient.ReadEventsAsync(client, "/sseitem/named-json");
        Assert.Equal(("update", "{\"n\":1}"), (Assert.Single(events).EventType, events[0].Data));
    }

    [Fact]
    public async Task Configured_reconnection_interval_is_sent_once_at_the_start_of_the_stream()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.ReconnectionInterval = TimeSpan.FromMilliseconds(2500)));
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/sseitem/named");
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(client, "/sseitem/named", cts.Token);
        var parser = SseParser.Create(await response.Content.ReadAsStreamAsync(cts.Token));
        var count = 0;
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            count++;
        }

        Assert.Equal("retry: 2500\n\nevent: tick\ndata: a\n\nevent: tick\ndata: b\n\n", raw);
        Assert.Equal(2, count);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), parser.ReconnectionInterval);
    }
}
