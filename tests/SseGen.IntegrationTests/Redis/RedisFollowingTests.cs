using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SseGen.Tests.Shared;

namespace SseGen.IntegrationTests.Redis;

/// <summary>What following a channel costs Redis: one subscription per channel per instance, none once the channel is removed.</summary>
public sealed class RedisFollowingTests
{
    private static async Task WaitForAsync(Func<Task<bool>> done, string what)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Waited for " + what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_followed_channel_has_one_subscription_per_instance_and_none_once_the_channel_is_removed()
    {
        using var redis = await RedisServer.StartAsync();
        await using var probe = await RedisProbe.ConnectAsync(redis);
        // Each instance's own clock, at the wall clock's time (stream ids are the Redis server's milliseconds).
        var timeA = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var timeB = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var a = await TestServer.StartAsync(services => services.AddSingleton<TimeProvider>(timeA).AddSseRedis(redis.Configuration, "numsub:"));
        await using var b = await TestServer.StartAsync(services => services.AddSingleton<TimeProvider>(timeB).AddSseRedis(redis.Configuration, "numsub:"));
        SseChannel<Seq> On(TestServer server) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("room");
        for (var i = 0; i < 5; i++)
        {
            On(a);
            On(b);
        }

        string[] notification = [];
        await WaitForAsync(async () => (notification = await probe.ChannelsAsync("numsub:*room*")).Length == 1 && await probe.SubscribersAsync(notification[0]) == 2,
            "one subscription on each of the two instances");

        // Nobody subscribes: each instance's sweep removes its channel after the grace, with its follower.
        timeA.Advance(TimeSpan.FromSeconds(3));
        await WaitForAsync(async () => await probe.SubscribersAsync(notification[0]) == 1, "A's subscription to go");
        timeB.Advance(TimeSpan.FromSeconds(3));
        await WaitForAsync(async () => await probe.SubscribersAsync(notification[0]) == 0, "B's subscription to go");
        Assert.Empty(await probe.ChannelsAsync("numsub:*"));
    }
}
