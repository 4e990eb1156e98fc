using System.Net;

namespace SseGen.Client.Tests;

public sealed class StopTests
{
    [Fact]
    public async Task A_204_on_resume_ends_the_stream_for_good()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var ids = new List<string?>();
        await foreach (var item in client.ReadSseAsync("/three", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            ids.Add(item.EventId);
        }

        Assert.Equal(["1", "2", "3"], ids);

        // The stream ended, the client resumed after 3, the server had nothing (204), and the client asked no more.
        Assert.Equal(["", "3"], probe.LastEventIds);
        await Task.Delay(300);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_404_stops_with_an_exception_that_names_the_status_and_is_not_retried()
    {
        await using var server = await KestrelServer.StartAsync(new ClientProbe());
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseAsync("/no-such-stream", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
            }
        });

        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Contains("404", e.Message, StringComparison.Ordinal);
        Assert.Contains("/no-such-stream", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_503_is_retried_and_the_stream_then_reads_on()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            switch (connection)
            {
                case 0:
                    await RawServer.WriteAsync(stream, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", ct);
                    break;
                case 1:
                    await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\n", ct);
                    break;
                default:
                    await RawServer.WriteAsync(stream, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", ct);
                    break;
            }
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var items = new List<long>();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            items.Add(item.Data.N);
        }

        Assert.Equal([1L], items);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(2), "Last-Event-ID"));
    }

    [Fact]
    public async Task A_response_that_is_not_an_event_stream_stops_with_an_exception_and_is_not_retried()
    {
        await using var server = new RawServer((connection, stream, ct) =>
            RawServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi", ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseAsync("/page", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
            }
        });

        Assert.Contains("text/html", e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }
}
