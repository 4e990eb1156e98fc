using System.Threading.Channels;

namespace SseGen.Client.Tests;

/// <summary>
/// The idle timeout, on the client's own clock (<see cref="ClientClock"/>): the test moves time to the edge of the timeout
/// and past it, so nothing here depends on how fast the machine is. Reconnect delays end as soon as they start.
/// </summary>
public sealed class IdleTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(30);

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
        var clock = ClientClock.AllBut(Idle);
        var options = new SseClientOptions { IdleTimeout = Idle, TimeProvider = clock };
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        Assert.Equal(1, (await reader.NextAsync()).Data.N);

        // The read after event 1 waits; one tick before the timeout, the connection is still the first one.
        var left = await clock.PendingAsync(d => d == Idle, "the idle timer of the read after event 1");
        Assert.Equal(Idle, left);
        clock.Advance(left - TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.FromTicks(1), await clock.PendingAsync(d => d == Idle, "the rest of the idle timeout"));
        Assert.Single(server.Requests);

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(2, (await reader.NextAsync()).Data.N);
        Assert.Equal(3, (await reader.NextAsync()).Data.N);
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(RawServer.Header(server.Requests.ElementAt(0), "Last-Event-ID"));
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact]
    public async Task Keep_alive_comments_keep_a_quiet_connection_alive()
    {
        // Four minutes without an event, a comment every 20 s, and an idle timeout of 30 s: the comments are the only
        // thing that keeps the connection.
        var writes = Channel.CreateUnbounded<string>();
        await using var server = MisbehavingServer.Paced(writes.Reader);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var clock = ClientClock.AllBut(Idle);
        var options = new SseClientOptions { IdleTimeout = Idle, TimeProvider = clock };
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        await writes.Writer.WriteAsync("id: 1\ndata: {\"n\":1}\n\n");
        Assert.Equal(1, (await reader.NextAsync()).Data.N);
        for (var i = 0; i < 12; i++)
        {
            // Time stands still until the client has read the comment and armed the timer again for its next read, so
            // moving 20 s never crosses a timeout that the comment restarted.
            var started = clock.Started(Idle);
            await writes.Writer.WriteAsync(":\n\n");
            await clock.UntilAsync(() => clock.Started(Idle) > started, $"the idle timer restarted by comment {i + 1}");
            clock.Advance(TimeSpan.FromSeconds(20));
        }

        await writes.Writer.WriteAsync("id: 2\ndata: {\"n\":2}\n\n");
        Assert.Equal(2, (await reader.NextAsync()).Data.N);
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
        var clock = ClientClock.AllBut(Idle);
        var options = new SseClientOptions { IdleTimeout = Idle, TimeProvider = clock };
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        await clock.UntilAsync(() => server.Requests.Count == 1, "the first request");
        Assert.Equal(Idle, await clock.AdvancePastAsync(d => d == Idle, "the idle timer of the wait for the response head"));

        Assert.Equal(1, (await reader.NextAsync()).Data.N);
        Assert.Equal(2, server.Requests.Count);
    }
}
