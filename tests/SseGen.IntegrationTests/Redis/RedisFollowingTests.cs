using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Tests.Shared;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Redis;

/// <summary>What following a channel costs Redis: one subscription per channel per instance, and nothing while idle.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class RedisFollowingTests(ITestOutputHelper output)
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

    // The channels remove a channel nobody uses and dispose its follower; until that lands here, the test stops following as they do.
    private static void StopFollowing(SseChannel<Seq> channel) =>
        typeof(SseChannel<Seq>).GetMethod("StopFollowing", BindingFlags.Instance | BindingFlags.NonPublic)!.Invoke(channel, null);

    [Fact]
    public async Task A_followed_channel_has_one_subscription_per_instance_and_none_once_its_follower_is_disposed()
    {
        using var redis = await RedisServer.StartAsync();
        await using var probe = await RedisProbe.ConnectAsync(redis);
        await using var a = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, "numsub:"));
        await using var b = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, "numsub:"));
        SseChannel<Seq> On(TestServer server) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("room");
        for (var i = 0; i < 5; i++)
        {
            On(a);
            On(b);
        }

        string[] notification = [];
        await WaitForAsync(async () => (notification = await probe.ChannelsAsync("numsub:*room*")).Length == 1 && await probe.SubscribersAsync(notification[0]) == 2,
            "one subscription on each of the two instances");

        StopFollowing(On(a));
        await WaitForAsync(async () => await probe.SubscribersAsync(notification[0]) == 1, "A's subscription to go");
        StopFollowing(On(b));
        await WaitForAsync(async () => await probe.SubscribersAsync(notification[0]) == 0, "B's subscription to go");
        Assert.Empty(await probe.ChannelsAsync("numsub:*"));
    }

    [Fact]
    public async Task An_instance_following_2000_idle_channels_sends_Redis_next_to_nothing()
    {
        const int Count = 2000;
        using var redis = await RedisServer.StartAsync();
        await using var probe = await RedisProbe.ConnectAsync(redis);
        await using var server = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, "idle:"));
        var channels = server.App.Services.GetRequiredService<SseChannels<Seq>>();
        // Each channel has a subscriber that waits for an event (a channel nobody subscribes to is
        // removed within seconds, and its follower with it).
        using var unsubscribe = new CancellationTokenSource();
        var subscribers = new List<(IAsyncEnumerator<System.Net.ServerSentEvents.SseItem<Seq>> Enumerator, Task<bool> Next)>(Count);
        for (var i = 0; i < Count; i++)
        {
            var enumerator = channels.Get("idle" + i).Subscribe().GetAsyncEnumerator(unsubscribe.Token);
            subscribers.Add((enumerator, enumerator.MoveNextAsync().AsTask()));
        }

        await WaitForAsync(async () => (await probe.ChannelsAsync("idle:*")).Length == Count, $"{Count} subscriptions");
        // Each follower's first read, right after it subscribed.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await probe.ResetStatsAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var stats = await probe.CommandStatsAsync();
        // The probe's own two commands.
        stats.Remove("info");
        stats.Remove("config|resetstat");
        var sent = stats.Values.Sum();
        output.WriteLine($"{Count} idle channels over 3 s: {sent} commands ({string.Join(", ", stats.Select(s => s.Key + "=" + s.Value))}).");
        Assert.True(sent <= 10, $"{Count} idle channels sent {sent} commands in 3 s: {string.Join(", ", stats.Select(s => s.Key + "=" + s.Value))}.");
        Assert.Equal(Count, (await probe.ChannelsAsync("idle:*")).Length);

        unsubscribe.Cancel();
        foreach (var (enumerator, next) in subscribers)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
            await enumerator.DisposeAsync();
        }
    }
}
