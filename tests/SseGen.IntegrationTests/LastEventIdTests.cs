using System.Globalization;
using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.IntegrationTests;

public static class ResumeEndpoints
{
    /// <summary>Three numbered events after the last one the client saw.</summary>
    [SseEndpoint("/resume/numbers")]
    public static async IAsyncEnumerable<SseItem<Seq>> Numbers(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var start = lastEventId ?? 0;
        for (var n = start + 1; n <= start + 3; n++)
        {
            yield return new SseItem<Seq>(new Seq((int)n)) { EventId = n.ToString(CultureInfo.InvariantCulture) };
        }
    }

    [SseEndpoint("/resume/echo")]
    public static async IAsyncEnumerable<string> Echo(
        [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return lastEventId ?? "(none)";
    }
}

public sealed class LastEventIdTests
{
    [Fact]
    public async Task Without_Last_Event_ID_the_stream_starts_at_the_beginning()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/resume/numbers");

        Assert.Equal(["1", "2", "3"], events.Select(e => e.EventId));
        Assert.Equal(["{\"n\":1}", "{\"n\":2}", "{\"n\":3}"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Last_Event_ID_header_reaches_the_method_and_the_stream_resumes_after_it()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/resume/numbers", r => r.Headers.Add("Last-Event-ID", "41"));

        Assert.Equal(["42", "43", "44"], events.Select(e => e.EventId));
        Assert.Equal("{\"n\":42}", events[0].Data);
    }

    [Fact]
    public async Task A_reconnecting_client_sends_the_parsers_last_event_id_and_gets_the_next_events()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        string lastEventId;
        using (var first = await SseClient.OpenAsync(client, "/resume/numbers", cts.Token))
        {
            var parser = SseParser.Create(await first.Content.ReadAsStreamAsync(cts.Token));
            await foreach (var unused in parser.EnumerateAsync(cts.Token))
            {
            }

            lastEventId = parser.LastEventId;
        }

        var resumed = await SseClient.ReadEventsAsync(client, "/resume/numbers", r => r.Headers.Add("Last-Event-ID", lastEventId));

        Assert.Equal("3", lastEventId);
        Assert.Equal(["4", "5", "6"], resumed.Select(e => e.EventId));
    }

    [Fact]
    public async Task Last_Event_ID_as_a_string_arrives_verbatim()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var withHeader = await SseClient.ReadEventsAsync(client, "/resume/echo", r => r.Headers.Add("Last-Event-ID", "quote-17"));
        var without = await SseClient.ReadEventsAsync(client, "/resume/echo");

        Assert.Equal("quote-17", Assert.Single(withHeader).Data);
        Assert.Equal("(none)", Assert.Single(without).Data);
    }

    [Fact]
    public async Task An_unparsable_Last_Event_ID_gets_400()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await SseClient.OpenAsync(server.CreateClient(), "/resume/numbers", cts.Token, r => r.Headers.Add("Last-Event-ID", "not-a-number"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lastEventId", await response.Content.ReadAsStringAsync(cts.Token));
    }
}
