using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>The store contract on a backend written against the public API, registered as a user registers one.</summary>
public sealed class InProcessStoreContractTests : StoreContractTests
{
    protected override Task<StoreInstances> StartAsync(TimeProvider time, Action<SseChannelOptions>? options = null)
    {
        var store = new InProcessStoreServer();
        return StoreInstances.StartAsync(services => services.AddSseChannelStore(sp => store.Connect(sp.GetRequiredService<TimeProvider>())), time, options);
    }
}
