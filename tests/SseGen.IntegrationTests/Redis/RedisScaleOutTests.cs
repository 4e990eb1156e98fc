using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SseGen.IntegrationTests.Broadcast;
using SseGen.Tests.Shared;
using StackExchange.Redis;
using static SseGen.IntegrationTests.Broadcast.ChannelTestHelpers;

namespace SseGen.IntegrationTests.Redis;

/// <summary>
/// Two app instances (two real Kestrel servers) sharing channels through a real redis-server, when
/// Redis goes away; what every store must do is in <see cref="RedisStoreContractTests"/>.
/// </summary>
public sealed class RedisScaleOutTests
{
    private static SseChannel<Seq> Channel(TestServer server, string name) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get(name);

    [Fact]
    public async Task Redis_restarting_mid_stream_crashes_neither_instance_and_events_flow_again_after()
    {
        await using var pair = await InstancePair.StartAsync();
        var (redis, a, b) = (pair.Redis, pair.A, pair.B);
        await using var onB = await LiveReader.OpenAsync(b.CreateClient(), "/broadcast/seq/restart");
        await WaitForAsync(() => Channel(b, "restart").SubscriberCount == 1, "the subscriber on B");
        var before = await Channel(a, "restart").PublishAsync(new Seq(1));
        await onB.WaitForAsync(e => e.Count >= 1, "the first event");

        redis.Stop();
        await Assert.ThrowsAsync<SseChannelUnavailableException>(async () => await Channel(a, "restart").PublishAsync(new Seq(2)));
        // Both instances still serve, and B's stream is still open.
        var numbers = await SseClient.ReadEventsAsync(a.CreateClient(), "/resume/numbers");
        Assert.Equal(3, numbers.Count);
        Assert.False(onB.Ended, "B's stream ended when Redis went away.");

        await redis.RestartAsync();
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (true)
        {
            try
            {
                await Channel(a, "restart").PublishAsync(new Seq(3));
                break;
            }
            catch (SseChannelUnavailableException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }

        await onB.WaitForAsync(e => e.Any(x => x.EventType == "message" && N(x.Data) == 3), "the event published after the restart");
        Assert.False(onB.Ended);

        // The restart lost the stream: a client resuming from before it is told to reload.
        await using var resumed = await LiveReader.OpenAsync(b.CreateClient(), "/broadcast/seq/restart", before);
        await resumed.WaitForAsync(e => e.Count >= 1, "the reset event");
        Assert.Equal(SseChannelEvents.Reset, resumed.Events[0].EventType);
    }

    [Fact]
    public async Task An_instance_that_could_not_reach_Redis_when_its_first_subscriber_came_delivers_what_was_published_after()
    {
        await using var pair = await InstancePair.StartAsync();
        var (redis, b) = (pair.Redis, pair.B);

        // B's channel starts while Redis is away: it cannot read where "from now on" begins.
        redis.Stop();
        await using var onB = await LiveReader.OpenAsync(b.CreateClient(), "/broadcast/seq/late");
        await WaitForAsync(() => Channel(b, "late").SubscriberCount == 1, "the subscriber on B");

        // Redis is back, and an instance that connects at once publishes before B's follower has
        // reconnected (that takes B's multiplexer a heartbeat or more): B must not take the event
        // for history when it finally reads.
        await redis.RestartAsync();
        await using var c = await pair.StartAnotherAsync();
        await Channel(c, "late").PublishAsync(new Seq(1));

        await onB.WaitForAsync(e => e.Count >= 1, "the event published after B's subscriber came");
        Assert.Equal(1, N(onB.Events[0].Data));
    }
}

/// <summary>A redis-server of the test's own and two app instances sharing its channels (under a key prefix of their own).</summary>
internal sealed class InstancePair : IAsyncDisposable
{
    private readonly string _prefix;

    private InstancePair(RedisServer redis, string prefix, TestServer a, TestServer b) => (Redis, _prefix, A, B) = (redis, prefix, a, b);

    public RedisServer Redis { get; }

    public TestServer A { get; }

    public TestServer B { get; }

    public static async Task<InstancePair> StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        var a = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, prefix));
        var b = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, prefix));
        return new InstancePair(redis, prefix, a, b);
    }

    /// <summary>A third instance on the same channels; the caller disposes it.</summary>
    public Task<TestServer> StartAnotherAsync() => TestServer.StartAsync(services => services.AddSseRedis(Redis.Configuration, _prefix));

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        Redis.Dispose();
    }
}
