using Microsoft.Extensions.DependencyInjection;
using SseGen.Tests.Shared;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Redis;

/// <summary>
/// What idle channels cost Redis: nothing. Runs alone: the Redis client's own timeouts are on the
/// wall clock, and on a loaded machine 2000 subscriptions can outlast them. That is rightly taken
/// for an outage, whose recovery reads every follower twice (two catch-up passes a probe interval
/// apart): the count is taken over a window no outage touched, as the store's own log tells.
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

        var stats = await QuietWindowAsync(server, probe);
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

    /// <summary>
    /// The commands Redis received in 3 s that no outage of the store touched (its "unreachable"
    /// and "back" lines, 101 and 102): after a recovery, the catch-up passes are let run first,
    /// and a window an outage fell into is measured again. A channel that polls would send
    /// commands in every window, so the retry hides nothing but the recovery.
    /// </summary>
    private async Task<Dictionary<string, long>> QuietWindowAsync(TestServer server, RedisProbe probe)
    {
        const int Attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var outages = Outages(server);
            if (outages.Unreachable > 0)
            {
                await server.Logs.WaitForAsync(e => e.Category == "SseGen.Redis" && e.EventId.Id == 102);
                // The second catch-up pass comes a probe interval (1 s) after the "back" line.
                await Task.Delay(TimeSpan.FromSeconds(2));
                outages = Outages(server);
            }

            await probe.ResetStatsAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            var stats = await probe.CommandStatsAsync();
            // The probe's own two commands.
            stats.Remove("info");
            stats.Remove("config|resetstat");
            if (Outages(server) == outages || attempt == Attempts)
            {
                return stats;
            }

            output.WriteLine($"window {attempt}: the store reported an outage during it ({string.Join(", ", stats.Select(s => s.Key + "=" + s.Value))}); measuring again.");
        }
    }

    private static (int Unreachable, int Back) Outages(TestServer server)
    {
        var unreachable = 0;
        var back = 0;
        foreach (var entry in server.Logs.Entries)
        {
            if (entry.Category == "SseGen.Redis")
            {
                unreachable += entry.EventId.Id == 101 ? 1 : 0;
                back += entry.EventId.Id == 102 ? 1 : 0;
            }
        }

        return (unreachable, back);
    }
}
