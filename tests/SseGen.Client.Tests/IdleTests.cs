using System.Diagnostics;

namespace SseGen.Client.Tests;

public sealed class IdleTests
{
    [Fact]
    public async Task A_half_open_connection_is_dropped_after_the_idle_timeout_and_the_stream_resumes_with_Last_Event_ID()
    {
        // The first connection sends one event and then nothing, with its socket open: a half-open connection.
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            if (connection == 0)
            {
                await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\n", ct);
            }
            else
            {
                await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 2\ndata: {\"n\":2}\n\nid: 3\ndata: {\"n\":3}\n\n", ct);
            }

            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = new SseClientOptions { IdleTimeout = TimeSpan.FromMilliseconds(500), InitialReconnectDelay = TimeSpan.FromMilliseconds(50), MinReconnectDelay = TimeSpan.FromMilliseconds(20) };

        var items = new List<(long N, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            items.Add((item.Data.N, clock.Elapsed));
            if (items.Count == 3)
            {
                break;
            }
        }

        Assert.Equal([1L, 2L, 3L], items.Select(i => i.N));
        var silence = items[1].At - items[0].At;
        Assert.True(silence >= TimeSpan.FromMilliseconds(450), $"Reconnected after {silence.TotalMilliseconds:0} ms, before the idle timeout.");
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(RawServer.Header(server.Requests.ElementAt(0), "Last-Event-ID"));
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact]
    public async Task Keep_alive_comments_keep_a_quiet_connection_alive()
    {
        // 4 s without an event, a comment every 100 ms, and an idle timeout of 2 s (generous: a loaded machine
        // delays timers by up to a second).
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\n", ct);
            for (var i = 0; i < 40; i++)
            {
                await Task.Delay(100, ct);
                await RawServer.WriteAsync(stream, ":\n\n", ct);
            }

            await RawServer.WriteAsync(stream, "id: 2\ndata: {\"n\":2}\n\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = new SseClientOptions { IdleTimeout = TimeSpan.FromSeconds(2), InitialReconnectDelay = TimeSpan.FromMilliseconds(50), MinReconnectDelay = TimeSpan.FromMilliseconds(20) };

        var items = new List<long>();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            items.Add(item.Data.N);
            if (items.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([1L, 2L], items);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_is_left_after_the_idle_timeout()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            if (connection > 0)
            {
                await RawServer.WriteAsync(stream, RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\n", ct);
            }

            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = new SseClientOptions { IdleTimeout = TimeSpan.FromMilliseconds(500), InitialReconnectDelay = TimeSpan.FromMilliseconds(50), MinReconnectDelay = TimeSpan.FromMilliseconds(20) };

        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            Assert.Equal(1, item.Data.N);
            break;
        }

        Assert.Equal(2, server.Requests.Count);
    }
}
