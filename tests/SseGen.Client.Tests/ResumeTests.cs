using System.Globalization;

namespace SseGen.Client.Tests;

[Collection(SamePortRestart.Name)]
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
}
