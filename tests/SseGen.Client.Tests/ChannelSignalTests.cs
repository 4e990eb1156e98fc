namespace SseGen.Client.Tests;

/// <summary>A broadcast channel's reset and missed signals on the wire, exactly as SseGen's channels write them.</summary>
public sealed class ChannelSignalTests
{
    private const string Reset = "event: reset\nid: 7-20\ndata: {\"latestId\":\"7-20\"}\n\n";
    private const string Missed = "event: missed\ndata: {\"missed\":3}\n\n";

    private static string Tick(long n) => $"id: 7-{n}\ndata: {{\"n\":{n}}}\n\n";

    [Fact]
    public async Task Signals_go_to_the_handler_in_stream_order_and_the_stream_reads_on()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + Tick(1) + Reset + Tick(21) + Missed + Tick(25), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var seen = new List<string>();
        var options = Fast.Retry;
        options.OnChannelSignal = (signal, _) =>
        {
            seen.Add(signal switch
            {
                SseResetSignal reset => $"reset {reset.LatestId} (resume after {reset.LastEventId})",
                SseMissedSignal missed => $"missed {missed.Count} (resume after {missed.LastEventId})",
                _ => "?",
            });
            return default;
        };
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            seen.Add($"tick {item.Data.N} id {item.EventId}");
            if (item.Data.N == 25)
            {
                break;
            }
        }

        Assert.Equal(
            ["tick 1 id 7-1", "reset 7-20 (resume after 7-20)", "tick 21 id 7-21", "missed 3 (resume after 7-21)", "tick 25 id 7-25"],
            seen);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_reset_with_no_id_to_resume_from_is_a_signal_and_the_reconnect_asks_for_live_events_only()
    {
        // A Redis channel that has delivered nothing on its instance yet answers a stale id with an
        // empty one: the client must take it as a reset (not an item that fails to decode) and stop
        // sending its old id.
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            var body = connection == 0 ? "event: reset\nid:\ndata: {\"latestId\":\"\"}\n\n" : Tick(1);
            await RawServer.WriteAsync(stream, RawServer.StreamHead + body, ct);
            if (connection > 0)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var resets = new List<string>();
        var options = Fast.Retry;
        options.LastEventId = "stale-1";
        options.OnChannelSignal = (signal, _) =>
        {
            resets.Add(Assert.IsType<SseResetSignal>(signal).LatestId);
            return default;
        };
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            Assert.Equal(1, item.Data.N);
            break;
        }

        Assert.Equal([""], resets);
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("stale-1", RawServer.Header(requests[0], "Last-Event-ID"));
        Assert.Null(RawServer.Header(requests[1], "Last-Event-ID"));
    }

    [Fact]
    public async Task Without_a_handler_a_signal_ends_the_stream_with_an_exception_that_carries_it()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + Tick(1) + Missed + Tick(5), ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var items = new List<long>();
        var e = await Assert.ThrowsAsync<SseChannelSignalException>(async () =>
        {
            await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
                items.Add(item.Data.N);
            }
        });

        Assert.Equal([1L], items);
        var missed = Assert.IsType<SseMissedSignal>(e.Signal);
        Assert.Equal(3, missed.Count);
        Assert.Equal("7-1", missed.LastEventId);
        Assert.Contains("missed", e.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SseClientOptions.OnChannelSignal), e.Message, StringComparison.Ordinal);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Text_streams_get_the_same_signals()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + "data: a\n\n" + Reset + "data: b\n\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var seen = new List<string>();
        var options = Fast.Retry;
        options.OnChannelSignal = (signal, _) =>
        {
            seen.Add(signal.EventType);
            return default;
        };
        await foreach (var item in client.ReadSseTextAsync("/s", options, cts.Token))
        {
            seen.Add(item.Data);
            if (item.Data == "b")
            {
                break;
            }
        }

        Assert.Equal(["a", "reset", "b"], seen);
    }

    [Fact]
    public async Task An_event_named_reset_or_missed_with_data_of_another_shape_is_an_ordinary_item()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, RawServer.StreamHead + "event: reset\nid: 1\ndata: {\"n\":1}\n\nevent: missed\nid: 2\ndata: {\"n\":2}\n\n", ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var options = Fast.Retry;
        options.OnChannelSignal = (signal, _) => throw new InvalidOperationException($"'{signal.EventType}' with an item's data was taken for a signal.");
        var seen = new List<string>();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, cts.Token))
        {
            seen.Add($"{item.EventType} {item.Data.N}");
            if (seen.Count == 2)
            {
                break;
            }
        }

        Assert.Equal(["reset 1", "missed 2"], seen);
    }
}
