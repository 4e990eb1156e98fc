namespace SseGen.Client.Tests;

/// <summary>
/// Stopping closes the connection at once, rather than leaving the handler to drain an endless body. The handler here
/// would drain for ten minutes (an app's default is 2 s or 1 MB), and the client's clock never moves, so nothing but the
/// client's own close can end the server's stream within the test's limit, however busy the machine is.
/// </summary>
public sealed class CancellationTests
{
    [Fact]
    public async Task Cancelling_while_waiting_for_an_event_stops_at_once_and_the_servers_finally_runs()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);
        using var client = DrainingClient(server);
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = new SseClientOptions { TimeProvider = new ClientClock() };

        await using var events = client.ReadSseAsync("/stall", ClientTestJson.Default.Tick, options, cts.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(1, events.Current.Data.N);

        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(KestrelServer.Timeout));

        await probe.FinallyRan.Task.WaitAsync(KestrelServer.Timeout);
    }

    [Fact]
    public async Task Leaving_the_loop_closes_the_connection_at_once_and_the_servers_finally_runs()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);
        using var client = DrainingClient(server);
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = new SseClientOptions { TimeProvider = new ClientClock() };

        var count = 0;
        await foreach (var _ in client.ReadSseAsync("/ticks", ClientTestJson.Default.Tick, options, cts.Token))
        {
            if (++count == 3)
            {
                break;
            }
        }

        // /ticks never ends: drained, the stream would run on for the handler's ten minutes.
        await probe.FinallyRan.Task.WaitAsync(KestrelServer.Timeout);
        Assert.Single(probe.LastEventIds);
    }

    /// <summary>A client whose handler drains an abandoned response for ten minutes and any number of bytes.</summary>
    private static HttpClient DrainingClient(KestrelServer server) =>
        new(new SocketsHttpHandler { ResponseDrainTimeout = TimeSpan.FromMinutes(10), MaxResponseDrainSize = int.MaxValue })
        {
            BaseAddress = server.BaseAddress,
        };
}
