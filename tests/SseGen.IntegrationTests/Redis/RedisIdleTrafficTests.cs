using Microsoft.Extensions.DependencyInjection;
using SseGen.Tests.Shared;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Redis;

/// <summary>
/// What idle channels cost Redis: nothing. Runs alone: the Redis client's own timeouts are on the
/// wall clock, and on a loaded machine 2000 subscriptions can outlast them; that is rightly taken
/// for an outage, whose catch-up reads every follower once more, inside the measured window.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class RedisIdleTrafficTests(ITestOutputHelper output)
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
        // Each follower's first read, right after it subscribed: done before the count starts, however busy the machine.
        await WaitForAsync(async () => (await probe.CommandStatsAsync()).GetValueOrDefault("xrange") >= Count, $"the {Count} followers' first reads");

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
