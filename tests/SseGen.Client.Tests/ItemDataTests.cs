using System.Text.Json;

namespace SseGen.Client.Tests;

public sealed class ItemDataTests
{
    [Fact]
    public async Task Data_that_is_not_a_T_stops_the_stream_with_a_JsonException_naming_the_stream_the_event_and_its_id()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\nevent: tick\nid: 2\ndata: {\"n\":\"two\"}\n\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var items = new List<long>();
        var e = await Assert.ThrowsAsync<JsonException>(async () =>
        {
            await foreach (var item in client.ReadSseAsync("/bad", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
                items.Add(item.Data.N);
            }
        });

        Assert.Equal([1L], items);
        Assert.Contains("/bad", e.Message, StringComparison.Ordinal);
        Assert.Contains("type 'tick'", e.Message, StringComparison.Ordinal);
        Assert.Contains("id '2'", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Tick), e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.Equal("$.n", e.Path);

        // Not retried: a resume would replay the same event.
        await Task.Delay(300);
        Assert.Single(server.Requests);
    }
}
