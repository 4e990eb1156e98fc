using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using SseGen.IntegrationTests.Broadcast;
using SseGen.Tests.Shared;
using static SseGen.IntegrationTests.Broadcast.ChannelTestHelpers;

namespace SseGen.IntegrationTests.Redis;

/// <summary>Redis frozen or gone under load: the rest of the instance answers, publishes fail fast, streams recover, logs stay few.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class RedisFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(1);

    private static SseChannel<Seq> Channel(TestServer server, string name) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get(name);

    private static async Task PublishUntilAcceptedAsync(TestServer server, string name, int n)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (true)
        {
            try
            {
                await Channel(server, name).PublishAsync(new Seq(n));
                return;
            }
            catch (SseChannelUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task With_Redis_frozen_under_200_publishes_another_stream_opens_within_1_s_each_publish_fails_within_its_bound_and_streams_recover()
    {
        using var redis = await RedisServer.StartAsync();
        await using var server = await TestServer.StartAsync(
            services => services.AddSseRedis(redis.Configuration, o => o.PublishTimeout = PublishTimeout),
            RedisPublishEndpoint.Map);
        await using var before = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/before");
        await WaitForAsync(() => Channel(server, "before").SubscriberCount == 1, "the subscriber that came before the freeze");
        await PublishUntilAcceptedAsync(server, "before", 1);
        await before.WaitForAsync(e => e.Count >= 1, "the event published before the freeze");

        LiveReader? during = null;
        redis.Freeze();
        try
        {
            var posts = server.CreateClient();
            var publishes = Enumerable.Range(0, 200).Select(async i =>
            {
                var watch = Stopwatch.StartNew();
                using var response = await posts.PostAsync($"{RedisPublishEndpoint.Path}room{i % 20}?n={i}", null);
                return (response.StatusCode, response.Headers.RetryAfter, watch.Elapsed);
            }).ToArray();
            await Task.Delay(200);

            // A new channel's stream (its follower starts while Redis is frozen) and a stream that needs no Redis.
            var opening = Stopwatch.StartNew();
            during = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/during");
            var channelStreamOpened = opening.Elapsed;
            opening.Restart();
            using (var plain = await SseClient.OpenAsync(server.CreateClient(), "/resume/numbers", CancellationToken.None))
            {
                Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
            }

            var plainStreamOpened = opening.Elapsed;
            output.WriteLine($"Redis frozen, 200 publishes in flight: a new channel's stream opened in {channelStreamOpened.TotalMilliseconds:0} ms, a stream without Redis in {plainStreamOpened.TotalMilliseconds:0} ms.");
            Assert.True(channelStreamOpened < TimeSpan.FromSeconds(1), $"A channel's stream took {channelStreamOpened.TotalMilliseconds:0} ms to open while Redis was frozen.");
            Assert.True(plainStreamOpened < TimeSpan.FromSeconds(1), $"A stream without Redis took {plainStreamOpened.TotalMilliseconds:0} ms to open while Redis was frozen.");

            var results = await Task.WhenAll(publishes);
            var slowest = results.Max(r => r.Elapsed);
            output.WriteLine($"Publishes: {results.Count(r => r.StatusCode == HttpStatusCode.ServiceUnavailable)} of 200 answered 503, the slowest in {slowest.TotalMilliseconds:0} ms (bound {PublishTimeout.TotalMilliseconds:0} ms).");
            Assert.All(results, r => Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode));
            Assert.All(results, r => Assert.Equal(TimeSpan.FromSeconds(5), r.RetryAfter?.Delta));
            // The bound, and room for 200 requests on a busy 2-core machine.
            Assert.True(slowest < PublishTimeout + TimeSpan.FromSeconds(1), $"The slowest publish failed after {slowest.TotalMilliseconds:0} ms; the bound is {PublishTimeout.TotalMilliseconds:0} ms.");
            Assert.False(before.Ended, "The stream opened before the freeze ended.");
            Assert.False(during.Ended, "The stream opened during the freeze ended.");
        }
        finally
        {
            redis.Thaw();
        }

        await PublishUntilAcceptedAsync(server, "before", 1001);
        await PublishUntilAcceptedAsync(server, "during", 1002);
        await before.WaitForAsync(e => e.Any(x => N(x.Data) == 1001), "the event published after the thaw, on the stream opened before the freeze");
        await during.WaitForAsync(e => e.Any(x => N(x.Data) == 1002), "the event published after the thaw, on the stream opened during the freeze");
        await during.DisposeAsync();
    }

    [Fact]
    public async Task A_Redis_outage_with_100_followed_channels_logs_one_unreachable_line_and_one_back_line()
    {
        using var redis = await RedisServer.StartAsync();
        await using var server = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, o => o.PublishTimeout = PublishTimeout));
        await using var probe = await RedisProbe.ConnectAsync(redis);
        var channels = server.App.Services.GetRequiredService<SseChannels<Seq>>();
        for (var i = 0; i < 100; i++)
        {
            // Names a client chose: a forged log line would start at the line feed.
            channels.Get($"room{i}\nWARN forged");
        }

        await using var reader = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/room-open");
        await WaitForAsync(() => probe.ChannelsAsync("*:appended").Result.Length == 101, "101 followed channels");

        redis.Stop();
        // Publishes that fail, on many channels: still one line.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            Assert.ThrowsAsync<SseChannelUnavailableException>(async () => await channels.Get($"room{i}\nWARN forged").PublishAsync(new Seq(i)))));

        await Task.Delay(TimeSpan.FromSeconds(3));
        await redis.RestartAsync();
        await server.Logs.WaitForAsync(e => e.Category == "SseGen.Redis" && e.EventId.Id == 102);
        await PublishUntilAcceptedAsync(server, "room-open", 7);
        await reader.WaitForAsync(e => e.Any(x => N(x.Data) == 7), "the event published after the outage");
        await Task.Delay(TimeSpan.FromSeconds(2));

        var lines = server.Logs.Entries.Where(e => e.Category == "SseGen.Redis").ToList();
        output.WriteLine(string.Join('\n', lines));
        Assert.True(lines.Count(e => e.EventId.Id == 101) == 1, "Expected one 'unreachable' line:\n" + string.Join('\n', lines));
        Assert.True(lines.Count(e => e.EventId.Id == 102) == 1, "Expected one 'back' line:\n" + string.Join('\n', lines));
        Assert.True(lines.Count == 2, "Expected two lines in all:\n" + string.Join('\n', lines));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Message.Contains("forged", StringComparison.Ordinal));
    }
}
