using Microsoft.Extensions.DependencyInjection;
using SseGen.IntegrationTests.Broadcast;
using SseGen.Tests.Shared;

namespace SseGen.IntegrationTests.Redis;

/// <summary>What a channel leaves in Redis: its history as the channel options say, and a key that expires.</summary>
public sealed class RedisRetentionTests
{
    private static async Task<(RedisServer Redis, RedisProbe Probe, TestServer Server)> StartAsync(string prefix, Action<SseChannelOptions> options)
    {
        var redis = await RedisServer.StartAsync();
        var probe = await RedisProbe.ConnectAsync(redis);
        var server = await TestServer.StartAsync(services =>
        {
            services.AddSseRedis(redis.Configuration, prefix);
            services.AddSseChannels(WebJson.Info<Seq>(), options);
        });
        return (redis, probe, server);
    }

    private static SseChannel<Seq> Channel(TestServer server, string name) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get(name);

    [Fact]
    public async Task A_stream_holds_about_HistoryLength_events_and_expires_a_day_after_its_last_append()
    {
        var (redis, probe, server) = await StartAsync("len:", o => o.HistoryLength = 10);
        using var _ = redis;
        await using var __ = probe;
        await using var ___ = server;
        for (var n = 1; n <= 500; n++)
        {
            await Channel(server, "len").PublishAsync(new Seq(n));
        }

        var key = await probe.KeyEndingAsync("len:", "len");
        var length = await probe.Db.StreamLengthAsync(key);
        // MAXLEN ~ trims in whole nodes of stream-node-max-entries (100 by default).
        Assert.True(length is >= 10 and <= 110, $"The stream holds {length} events for a history of 10.");
        var ttl = await probe.Db.KeyTimeToLiveAsync(key);
        Assert.True(ttl is { } t && t > TimeSpan.FromHours(23) && t <= TimeSpan.FromDays(1), $"The key's time to live is {ttl?.ToString() ?? "none"}; expected a day.");
    }

    [Fact]
    public async Task Events_older_than_HistoryMaxAge_are_not_replayed_and_are_trimmed_on_the_next_append()
    {
        var (redis, probe, server) = await StartAsync("age:", o => o.HistoryMaxAge = TimeSpan.FromSeconds(1));
        using var _ = redis;
        await using var __ = probe;
        await using var ___ = server;
        var first = await Channel(server, "aged").PublishAsync(new Seq(1));
        await Channel(server, "aged").PublishAsync(new Seq(2));
        await Channel(server, "aged").PublishAsync(new Seq(3));
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        // The channel is idle: nothing trimmed 2 and 3 yet, but they are too old to replay.
        await using (var resumed = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/aged", first))
        {
            await resumed.WaitForAsync(e => e.Count >= 1, "the reset event");
            Assert.Equal(SseChannelEvents.Reset, resumed.Events[0].EventType);
        }

        await Channel(server, "aged").PublishAsync(new Seq(4));
        Assert.Equal(1, await probe.Db.StreamLengthAsync(await probe.KeyEndingAsync("age:", "aged")));
    }

    [Fact]
    public async Task A_resume_that_missed_more_than_HistoryLength_events_gets_a_reset_not_a_long_replay()
    {
        var (redis, probe, server) = await StartAsync("bound:", o => o.HistoryLength = 10);
        using var _ = redis;
        await using var __ = probe;
        await using var ___ = server;
        var first = await Channel(server, "bounded").PublishAsync(new Seq(1));
        var last = first;
        for (var n = 2; n <= 50; n++)
        {
            last = await Channel(server, "bounded").PublishAsync(new Seq(n));
        }

        // Delivered to the channel before anyone resumes: a reset is followed by whatever the channel receives after it.
        await ChannelTestHelpers.WaitForAsync(() => Channel(server, "bounded").LastEventId == last, "the channel to receive the 50 events");

        // 49 missed, all still in Redis (whole nodes), more than the 10 of the history.
        Assert.Equal(50, await probe.Db.StreamLengthAsync(await probe.KeyEndingAsync("bound:", "bounded")));
        await using var resumed = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/bounded", first);
        await resumed.WaitForAsync(e => e.Count >= 1, "the reset event");
        await Task.Delay(200);
        Assert.Equal(SseChannelEvents.Reset, resumed.Events[0].EventType);
        Assert.Single(resumed.Events);

        // 10 missed: replayed.
        var tenth = (await probe.Db.StreamRangeAsync(await probe.KeyEndingAsync("bound:", "bounded"), "-", "+"))[^11].Id.ToString();
        await using var replayed = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/bounded", tenth);
        await replayed.WaitForAsync(e => e.Count >= 10, "the 10 missed events");
        Assert.Equal(Enumerable.Range(41, 10), replayed.Events.Select(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("n").GetInt32()));
    }
}
