namespace SseGen.Client.Tests;

public sealed class ReconnectPolicyTests
{
    // Each row: the server's last retry: (ms, -1 for none), Retry-After (s, -1 for none), consecutive attempts that
    // delivered nothing, the jitter sample, and the delay expected (ms), with the default options (1 s initial, 500 ms
    // floor, 30 s cap, 5 min Retry-After cap).
    [Theory]
    [InlineData(-1, -1, 0, 0.0, 1_000)] // after a connection that delivered: the client's own 1 s ...
    [InlineData(-1, -1, 0, 0.999_999, 1_500)] // ... up to half as long again
    [InlineData(300, -1, 0, 0.0, 500)] // retry: 300 is raised to the 500 ms floor
    [InlineData(0, -1, 0, 0.0, 500)] // retry: 0 too ...
    [InlineData(0, -1, 0, 0.5, 625)] // ... and jittered: clients cut off together do not come back together
    [InlineData(2_000, -1, 0, 0.0, 2_000)] // a server's retry: above the floor is used as it is ...
    [InlineData(2_000, -1, 0, 0.5, 2_500)] // ... with jitter
    [InlineData(0, -1, 1, 0.0, 500)] // the first failed attempt waits the base ...
    [InlineData(0, -1, 2, 0.0, 1_000)] // ... then it doubles, whatever retry: said
    [InlineData(0, -1, 5, 0.0, 8_000)]
    [InlineData(0, -1, 7, 0.0, 20_000)] // 32 s is over the 30 s cap: the window is two thirds of the cap to all of it
    [InlineData(0, -1, 7, 0.999_999, 30_000)]
    [InlineData(0, -1, 1_000, 0.5, 25_000)] // no overflow after many failures
    [InlineData(600_000, -1, 0, 0.0, 20_000)] // a retry: of 10 min is held to the cap
    [InlineData(-1, 60, 1, 0.0, 60_000)] // Retry-After, longer than the backoff, is honoured ...
    [InlineData(-1, 60, 1, 0.5, 75_000)] // ... with jitter ...
    [InlineData(-1, 3_600, 1, 0.999_999, 300_000)] // ... up to its own cap of 5 min
    [InlineData(-1, 3_600, 1, 0.0, 200_000)]
    [InlineData(-1, 1, 5, 0.0, 16_000)] // a Retry-After shorter than the backoff does not shorten it
    [InlineData(0, 0, 1, 0.0, 500)] // Retry-After: 0 is no reason to go under the floor
    public void The_delay_has_a_floor_jitter_and_backoff_and_a_separate_cap_on_Retry_After(int retryMs, int retryAfterS, int failures, double random, int expectedMs)
    {
        TimeSpan? serverRetry = retryMs < 0 ? null : TimeSpan.FromMilliseconds(retryMs);
        TimeSpan? retryAfter = retryAfterS < 0 ? null : TimeSpan.FromSeconds(retryAfterS);

        var delay = ReconnectPolicy.Delay(new SseClientOptions(), serverRetry, retryAfter, failures, random);

        Assert.InRange(delay.TotalMilliseconds, expectedMs - 1, expectedMs + 1);
    }

    [Fact]
    public async Task A_server_that_answers_503_for_ever_after_retry_0_gets_a_handful_of_requests_a_minute()
    {
        // One event with retry: 0, the connection closed, then 503 to every request: an old client sent 15,942 requests
        // in 5 s. The client's clock moves only at the end of each of its waits, so "a minute" is a minute of them.
        await using var server = MisbehavingServer.RetryZeroThen();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var clock = new ClientClock();
        var options = new SseClientOptions { TimeProvider = clock, IdleTimeout = Timeout.InfiniteTimeSpan };
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        var start = clock.GetUtcNow();
        int requestsInOneMinute = 0, requestsInFiveMinutes = 0;
        while (true)
        {
            // Each wait starts after a request was answered: every request so far was made by now.
            await clock.PendingAsync(_ => true, $"reconnect delay {clock.Delays.Count + 1}");
            var elapsed = clock.GetUtcNow() - start;
            if (elapsed >= TimeSpan.FromMinutes(5))
            {
                break;
            }

            requestsInFiveMinutes = server.Requests.Count;
            if (elapsed < TimeSpan.FromMinutes(1))
            {
                requestsInOneMinute = requestsInFiveMinutes;
            }

            await clock.AdvancePastAsync(_ => true, "the same reconnect delay");
        }

        var delays = clock.Delays.ToArray();
        Assert.All(delays, d => Assert.True(d >= TimeSpan.FromMilliseconds(500), $"A delay of {d.TotalMilliseconds} ms is under the floor."));
        // 0.5, 0.5, 1, 2, 4, 8, 16 s then 20-30 s each (each up to 1.5x): 8 or 9 in the first minute, 2-3 a minute after.
        Assert.InRange(requestsInOneMinute, 8, 9);
        Assert.InRange(requestsInFiveMinutes, 16, 21);
        Assert.True(delays[^1] >= TimeSpan.FromSeconds(20), $"The backoff did not grow to the cap: the last delay was {delays[^1]}.");
    }

    [Theory]
    [InlineData("Retry-After: 120")]
    [InlineData("Retry-After: {date+120}")]
    public async Task A_503_with_Retry_After_waits_what_it_asks_on_the_clients_clock(string header)
    {
        // The backoff alone would wait 0.5-0.75 s; the server asks for two minutes, as a delay or as a date.
        var clock = new ClientClock();
        var retryAt = (clock.GetUtcNow() + TimeSpan.FromSeconds(120)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        var unavailable = $"HTTP/1.1 503 Service Unavailable\r\n{header.Replace("{date+120}", retryAt, StringComparison.Ordinal)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await using var server = new RawServer(async (connection, stream, ct) =>
            await RawServer.WriteAsync(stream, connection == 0 ? unavailable : RawServer.StreamHead + "id: 1\ndata: {\"n\":1}\n\n", ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var options = new SseClientOptions { TimeProvider = clock, IdleTimeout = Timeout.InfiniteTimeSpan };
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        var delay = await clock.PendingAsync(_ => true, "the delay after the 503");
        Assert.InRange(delay, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(180)); // what it asked, and jitter within half of it
        clock.Advance(delay - TimeSpan.FromTicks(1));
        Assert.Equal(TimeSpan.FromTicks(1), await clock.PendingAsync(_ => true, "the rest of the delay"));
        Assert.Single(server.Requests);

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(1, (await reader.NextAsync()).Data.N);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Every_reconnect_after_a_server_restart_is_jittered()
    {
        // Two clients cut off at the same moment by a server that said retry: 1000 reconnect at different times.
        var delays = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            await using var server = new RawServer(async (connection, stream, ct) =>
                await RawServer.WriteAsync(stream, RawServer.StreamHead + $"retry: 1000\nid: {connection + 1}\ndata: {{\"n\":{connection + 1}}}\n\n", ct));
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            var clock = ClientClock.Instant();
            using var cts = new CancellationTokenSource(KestrelServer.Timeout);
            await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, new SseClientOptions { TimeProvider = clock, IdleTimeout = Timeout.InfiniteTimeSpan }, cts.Token))
            {
                if (item.Data.N == 2)
                {
                    break;
                }
            }

            var delay = Assert.Single(clock.Delays);
            Assert.InRange(delay, TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1500));
            delays.Add(delay);
        }

        Assert.NotEqual(delays[0], delays[1]); // equal to the tick only by a 1 in 5,000,000 chance
    }

    [Fact]
    public async Task The_servers_retry_interval_sets_the_reconnect_delay()
    {
        var probe = new ClientProbe();
        await using var server = await KestrelServer.StartAsync(probe, configure: o => o.ReconnectionInterval = TimeSpan.FromMilliseconds(300));
        using var client = server.CreateClient();
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        // Without the server's retry: the client would wait its own 3 s (jittered to 3-4.5 s) per reconnect.
        var clock = ClientClock.Instant();
        var options = new SseClientOptions
        {
            InitialReconnectDelay = TimeSpan.FromSeconds(3),
            MinReconnectDelay = TimeSpan.FromMilliseconds(100),
            MaxReconnectDelay = TimeSpan.FromSeconds(10),
            IdleTimeout = Timeout.InfiniteTimeSpan,
            TimeProvider = clock,
        };
        var count = 0;
        await foreach (var item in client.ReadSseAsync("/one-per-connection", ClientTestJson.Default.Tick, options, cts.Token))
        {
            Assert.Equal(TimeSpan.FromMilliseconds(300), item.ReconnectionInterval);
            if (++count == 3)
            {
                break;
            }
        }

        // Two reconnects, each after the server's 300 ms and jitter.
        Assert.Collection(
            clock.Delays,
            d => Assert.InRange(d, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(450)),
            d => Assert.InRange(d, TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(450)));
        Assert.Equal(["", "1", "2"], probe.LastEventIds);
    }
}
