using System.Diagnostics;

namespace SseGen.Client.Tests;

public sealed class CancellationTests
{
    /// <summary>Well under SocketsHttpHandler's 2 s drain of an abandoned response, well over a loopback close.</summary>
    private static readonly TimeSpan Closed = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Cancelling_while_waiting_for_an_event_stops_at_once_and_the_servers_finally_runs()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        await using var events = client.ReadSseAsync("/stall", ClientTestJson.Default.Tick, cancellationToken: cts.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal(1, events.Current.Data.N);

        var next = events.MoveNextAsync().AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        var clock = Stopwatch.StartNew();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(Closed));
        Assert.True(clock.Elapsed < Closed, $"The enumeration took {clock.Elapsed.TotalMilliseconds:0} ms to stop.");

        await probe.FinallyRan.Task.WaitAsync(Closed);
    }

    [Fact]
    public async Task Leaving_the_loop_closes_the_connection_at_once_and_the_servers_finally_runs()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe);

        // A default handler, as an app has: an abandoned response would be drained for up to 2 s.
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var count = 0;
        await foreach (var _ in client.ReadSseAsync("/ticks", ClientTestJson.Default.Tick, cancellationToken: cts.Token))
        {
            if (++count == 3)
            {
                break;
            }
        }

        var clock = Stopwatch.StartNew();
        await probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1.5), $"The server's stream ran on for {clock.Elapsed.TotalMilliseconds:0} ms after the client left.");
        Assert.Single(probe.LastEventIds);
    }
}
