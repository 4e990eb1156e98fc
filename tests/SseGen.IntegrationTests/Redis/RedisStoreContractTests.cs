using SseGen.IntegrationTests.Broadcast;
using SseGen.Tests.Shared;

namespace SseGen.IntegrationTests.Redis;

/// <summary>The store contract on SseGen.Redis, with a redis-server of the test's own.</summary>
public sealed class RedisStoreContractTests : StoreContractTests
{
    protected override async Task<StoreInstances> StartAsync(TimeProvider time, Action<SseChannelOptions>? options = null)
    {
        var redis = await RedisServer.StartAsync();
        var prefix = $"t{Guid.NewGuid():N}:";
        return await StoreInstances.StartAsync(services => services.AddSseRedis(redis.Configuration, prefix), time, options, redis);
    }
}
