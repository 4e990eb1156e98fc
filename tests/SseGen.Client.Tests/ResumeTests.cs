using System.Diagnostics;
using System.Globalization;

namespace SseGen.Client.Tests;

public sealed class ResumeTests
{
    [Fact]
    public async Task A_server_restarted_mid_stream_on_the_same_port_continues_it_with_no_gap_and_no_repeat()
    {
        var probe = new ClientProbe();
        var first = await KestrelServer.StartAsync(probe);
        var port = first.Port;
        KestrelServer? second = null;
        try
        {
            using var client = first.CreateClient();
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var ids = new List<long>();
            await foreach (var item in client.ReadSseAsync("/ticks", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
                Assert.Equal(item.Data.N.ToString(CultureInfo.InvariantCulture), item.EventId);
                ids.Add(item.Data.N);
                if (ids.Count == 5)
                {
                    // The server goes away mid-stream; for a moment nothing listens (the client's attempts are refused),
                    // then a new server takes the same port.
                    await first.DisposeAsync();
                    await Task.Delay(300, cts.Token);
                    second = await KestrelServer.StartAsync(probe, port);
                }

                if (ids.Count == 15)
                {
                    break;
                }
            }

            Assert.Equal(Enumerable.Range(1, 15).Select(n => (long)n), ids);
            Assert.NotNull(second);
            Assert.True(second.Requests >= 1, "The restarted server was never asked.");

            // The first request sent no id; every later stream request resumed after the last id the client had.
            var sent = probe.LastEventIds.ToArray();
            Assert.Equal("", sent[0]);
            Assert.All(sent.Skip(1), id => Assert.NotEqual("", id));
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task The_servers_retry_interval_sets_the_reconnect_delay()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe, configure: o => o.ReconnectionInterval = TimeSpan.FromMilliseconds(300));
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        // Without the server's retry: the client would wait its own 3 s (jittered to 1.5-3 s) per reconnect.
        var options = new SseClientOptions { InitialReconnectDelay = TimeSpan.FromSeconds(3), MinReconnectDelay = TimeSpan.FromMilliseconds(100), MaxReconnectDelay = TimeSpan.FromSeconds(10) };
        var times = new List<TimeSpan>();
        var clock = Stopwatch.StartNew();
        await foreach (var item in client.ReadSseAsync("/one-per-connection", ClientTestJson.Default.Tick, options, cts.Token))
        {
            times.Add(clock.Elapsed);
            Assert.Equal(TimeSpan.FromMilliseconds(300), item.ReconnectionInterval);
            if (times.Count == 3)
            {
                break;
            }
        }

        // Two reconnects, each after 300-450 ms (the server's 300 ms and jitter, and a connection's set-up).
        var elapsed = times[2] - times[0];
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(550), $"Two reconnects took {elapsed.TotalMilliseconds:0} ms: the client did not wait the server's 300 ms.");
        // Its own delay would make two reconnects take at least 3 s (1.5-3 s each); the margin is for a busy machine.
        Assert.True(elapsed < TimeSpan.FromMilliseconds(2800), $"Two reconnects took {elapsed.TotalMilliseconds:0} ms: the client did not use the server's 300 ms.");
        Assert.Equal(["", "1", "2"], probe.LastEventIds);
    }
}
