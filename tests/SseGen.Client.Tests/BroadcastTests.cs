using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.Client.Tests;

/// <summary>
/// The client against real broadcast channels (<c>SseChannels&lt;T&gt;</c>) behind <c>[SseEndpoint]</c>s on Kestrel, across a
/// server restart on the same port.
/// </summary>
[Collection(SamePortRestart.Name)]
public sealed class BroadcastTests
{
    [Fact]
    public async Task A_broadcast_stream_whose_server_restarts_mid_stream_resumes_from_the_history_with_no_gap_and_no_repeat()
    {
        var probe = new ClientProbe();
        var first = await KestrelServer.StartAsync(probe);
        var port = first.Port;
        // The channels outlive the first server, as a shared store would: the second server serves the same history.
        var channels = first.Services.GetRequiredService<SseChannels<Tick>>();
        var feed = channels.Get("feed");
        KestrelServer? second = null;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ids = new ConcurrentDictionary<long, string>();
        var publisher = Task.Run(async () =>
        {
            for (var n = 1L; !cts.IsCancellationRequested; n++)
            {
                ids[n] = feed.Publish(new Tick(n));
                await Task.Delay(10);
            }
        });
        try
        {
            using var client = first.CreateClient();
            var signals = new List<SseChannelSignal>();
            var options = Fast.Retry;
            options.OnChannelSignal = (signal, _) =>
            {
                signals.Add(signal);
                return default;
            };
            var received = new List<long>();
            var requestsToSecond = 0;
            await foreach (var item in client.ReadSseAsync("/feed", ClientTestJson.Default.Tick, options, cts.Token))
            {
                Assert.Equal(ids[item.Data.N], item.EventId);
                received.Add(item.Data.N);
                if (received.Count == 20)
                {
                    // The server goes away while the channel keeps publishing; a new one takes the port 300 ms later.
                    await first.DisposeAsync();
                    await Task.Delay(300, cts.Token);
                    second = await KestrelServer.StartAsync(probe, port, services: s => s.AddSingleton(channels));
                }

                if (received.Count == 60)
                {
                    requestsToSecond = second!.Requests;
                    break;
                }
            }

            // Subscribed live, so the first item is whatever was next; from there on, every id once, in order.
            var expected = Enumerable.Range(0, 60).Select(i => received[0] + i);
            Assert.Equal(expected, received);
            Assert.Empty(signals);
            Assert.True(requestsToSecond >= 1, "The restarted server was never asked.");
        }
        finally
        {
            await cts.CancelAsync();
            await publisher;
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Resuming_from_an_id_older_than_the_history_hands_the_reset_to_the_handler_and_resumes_after_the_latest_id()
    {
        var probe = new ClientProbe();
        var first = await KestrelServer.StartAsync(probe, services: s => s.AddSseChannels(ClientTestJson.Default.Tick, o => o.HistoryLength = 5));
        var channels = first.Services.GetRequiredService<SseChannels<Tick>>();
        var feed = channels.Get("feed");
        var ids = new List<string>();
        for (var n = 1; n <= 20; n++)
        {
            ids.Add(feed.Publish(new Tick(n)));
        }

        KestrelServer? second = null;
        try
        {
            using var client = first.CreateClient();
            using var cts = new CancellationTokenSource(KestrelServer.Timeout);

            // Saved after event 2; events 3..20 were published since, and only 16..20 are kept.
            var seen = new List<string>();
            var options = Fast.Retry;
            options.LastEventId = ids[1];
            options.OnChannelSignal = async (signal, ct) =>
            {
                if (second is not null)
                {
                    throw new InvalidOperationException($"A second '{signal.EventType}' after [{string.Join(", ", seen)}]: the client resumed from its old id again, not after the reset's.");
                }

                seen.Add(signal is SseResetSignal reset ? $"reset {reset.LatestId}" : $"other {signal.EventType}");

                // The connection drops right after the reset, before any item: the client must resume after the reset's
                // id (the channel replays 21), not from its old id again (which would get a second reset).
                await first.DisposeAsync();
                second = await KestrelServer.StartAsync(probe, first.Port, services: s => s.AddSingleton(channels));
                feed.Publish(new Tick(21));
            };
            await foreach (var item in client.ReadSseAsync("/feed", ClientTestJson.Default.Tick, options, cts.Token))
            {
                seen.Add($"tick {item.Data.N} {item.EventId}");
                break;
            }

            Assert.Equal([$"reset {ids[19]}", $"tick 21 {feed.LastEventId}"], seen);

            // Unhandled, the same reset ends the stream with the signal, rather than leave a silent gap.
            using var again = second!.CreateClient();
            var e = await Assert.ThrowsAsync<SseChannelSignalException>(async () =>
            {
                await foreach (var _ in again.ReadSseAsync("/feed", ClientTestJson.Default.Tick, new SseClientOptions { LastEventId = ids[1] }, cts.Token))
                {
                }
            });
            Assert.Equal(feed.LastEventId, Assert.IsType<SseResetSignal>(e.Signal).LatestId);
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
