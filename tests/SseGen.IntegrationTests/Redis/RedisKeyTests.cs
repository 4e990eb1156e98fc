using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Tests.Shared;
using StackExchange.Redis;
using static SseGen.IntegrationTests.Broadcast.ChannelTestHelpers;

namespace SseGen.IntegrationTests.Redis;

public sealed record Envelope<TPayload>(string Kind, TPayload Payload);

public sealed record Order(int Quantity);

public sealed record Alert(string Level);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Envelope<Order>))]
[JsonSerializable(typeof(Envelope<Alert>))]
internal sealed partial class EnvelopeJson : JsonSerializerContext;

/// <summary>
/// Channels of two item types that share a generic definition, in one real redis-server, on two
/// instances: a channel's key names its item type in full, so same-named channels of
/// <c>Envelope&lt;Order&gt;</c> and <c>Envelope&lt;Alert&gt;</c> never see each other's events.
/// </summary>
public sealed class RedisKeyTests
{
    private static Task<TestServer> StartAsync(RedisServer redis, string prefix) => TestServer.StartAsync(services =>
    {
        services.AddSseRedis(redis.Configuration, prefix);
        services.AddSseChannels(EnvelopeJson.Default.EnvelopeOrder);
        services.AddSseChannels(EnvelopeJson.Default.EnvelopeAlert);
    });

    private static SseChannel<T> Channel<T>(TestServer server, string name) => server.App.Services.GetRequiredService<SseChannels<T>>().Get(name);

    [Fact]
    public async Task Same_named_channels_of_Envelope_of_Order_and_Envelope_of_Alert_never_see_each_others_events()
    {
        using var redis = await RedisServer.StartAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var a = await StartAsync(redis, prefix);
        await using var b = await StartAsync(redis, prefix);
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        var orders = Collect(Channel<Envelope<Order>>(b, "same"), cts.Token);
        var alerts = Collect(Channel<Envelope<Alert>>(b, "same"), cts.Token);
        var ordersOnA = Collect(Channel<Envelope<Order>>(a, "same"), cts.Token);
        await WaitForAsync(() => Channel<Envelope<Order>>(b, "same").SubscriberCount == 1
            && Channel<Envelope<Alert>>(b, "same").SubscriberCount == 1
            && Channel<Envelope<Order>>(a, "same").SubscriberCount == 1, "the subscribers");

        await Channel<Envelope<Order>>(a, "same").PublishAsync(new Envelope<Order>("order", new Order(3)));
        await Channel<Envelope<Alert>>(a, "same").PublishAsync(new Envelope<Alert>("alert", new Alert("high")));
        await Channel<Envelope<Alert>>(b, "same").PublishAsync(new Envelope<Alert>("alert", new Alert("low")));
        await Channel<Envelope<Order>>(b, "same").PublishAsync(new Envelope<Order>("order", new Order(4)));

        await WaitForAsync(() => orders.Count >= 2 && alerts.Count >= 2 && ordersOnA.Count >= 2, "two events on each channel");
        await Task.Delay(300);
        Assert.Equal(["order", "order"], Snapshot(orders).Select(e => e.Kind));
        Assert.Equal([3, 4], Snapshot(orders).Select(e => e.Payload.Quantity));
        Assert.Equal(["high", "low"], Snapshot(alerts).Select(e => e.Payload.Level));
        Assert.Equal([3, 4], Snapshot(ordersOnA).Select(e => e.Payload.Quantity));

        // Each type has its own stream, named for the type in full.
        var server = (await ConnectionMultiplexer.ConnectAsync(redis.Configuration)).GetServer("127.0.0.1", redis.Port);
        var keys = server.Keys(pattern: prefix + "*").Select(k => (string)k!).Where(k => !k.Contains(":appended", StringComparison.Ordinal)).ToList();
        Assert.Contains(keys, k => k.Contains("SseGen.IntegrationTests.Redis.Envelope<SseGen.IntegrationTests.Redis.Order>:same", StringComparison.Ordinal));
        Assert.Contains(keys, k => k.Contains("SseGen.IntegrationTests.Redis.Envelope<SseGen.IntegrationTests.Redis.Alert>:same", StringComparison.Ordinal));
        await cts.CancelAsync();
    }

    [Fact]
    public async Task A_store_name_set_in_the_options_names_the_keys()
    {
        using var redis = await RedisServer.StartAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        await using var a = await TestServer.StartAsync(services =>
        {
            services.AddSseRedis(redis.Configuration, prefix);
            services.AddSseChannels(EnvelopeJson.Default.EnvelopeOrder, o => o.StoreName = "orders-v1");
        });

        await Channel<Envelope<Order>>(a, "room").PublishAsync(new Envelope<Order>("order", new Order(1)));
        var server = (await ConnectionMultiplexer.ConnectAsync(redis.Configuration)).GetServer("127.0.0.1", redis.Port);
        Assert.Contains(server.Keys(pattern: prefix + "*").Select(k => (string)k!), k => k.EndsWith("orders-v1:room", StringComparison.Ordinal));
    }

    private static List<T> Collect<T>(SseChannel<T> channel, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var item in channel.Subscribe().WithCancellation(cancellationToken))
                {
                    lock (items)
                    {
                        items.Add(item.Data);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
        return items;
    }

    private static List<T> Snapshot<T>(List<T> items)
    {
        lock (items)
        {
            return [.. items];
        }
    }
}
