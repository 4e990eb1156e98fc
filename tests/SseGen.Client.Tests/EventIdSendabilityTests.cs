namespace SseGen.Client.Tests;

public sealed class EventIdSendabilityTests
{
    [Theory]
    [InlineData("42", true)]
    [InlineData("2026-12-06T08:00:00Z/7", true)]
    [InlineData("a-Z_0~9!", true)]
    [InlineData("café", false)]
    [InlineData("a b", false)] // a space: proxies trim it at either end, so the decision is visible ASCII only
    [InlineData("tab\t", false)]
    [InlineData("del\u007F", false)]
    [InlineData("…", false)]
    public void An_id_is_sendable_when_every_character_is_visible_ascii(string id, bool sendable) =>
        Assert.Equal(sendable, SseEventIds.IsSendable(id));

    [Fact]
    public async Task An_id_that_cannot_travel_in_a_header_is_delivered_and_then_ends_the_stream_instead_of_a_silent_loop()
    {
        // The old client failed inside HttpClient on every reconnect ("Request headers must contain only ASCII
        // characters"), took it for a network error and retried for ever; the server never saw a request.
        await using var server = new RawServer(async (connection, stream, ct) =>
            await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\nid: café\ndata: {\"n\":2}\n\n", ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var items = new List<(long N, string? Id)>();
        var e = await Assert.ThrowsAsync<SseProtocolException>(async () =>
        {
            await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
                items.Add((item.Data.N, item.EventId));
            }
        });

        Assert.Equal([(1L, (string?)"1"), (2L, "café")], items);
        Assert.Equal(SseProtocolError.UnsendableEventId, e.Error);
        Assert.Contains("caf\\u00E9", e.Message, StringComparison.Ordinal);
        Assert.Contains("U+00E9 at index 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("Last-Event-ID", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_later_sendable_id_on_the_same_connection_makes_the_stream_resumable_again()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
            await RawServer.WriteAsync(
                stream,
                RawServer.StreamHead + (connection == 0 ? "id: café\ndata: {\"n\":1}\n\nid: 2\ndata: {\"n\":2}\n\n" : "id: 3\ndata: {\"n\":3}\n\n"),
                ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            if (item.Data.N == 3)
            {
                break;
            }
        }

        Assert.Equal("2", RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact]
    public async Task An_unsendable_starting_id_is_refused_before_any_request()
    {
        await using var server = MisbehavingServer.HalfOpen("");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = Fast.Retry;
        options.LastEventId = "née";

        var e = await Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (var _ in client.ReadSseTextAsync("/s", options, cts.Token))
            {
            }
        });

        Assert.Contains("n\\u00E9e", e.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }
}
