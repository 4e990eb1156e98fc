using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>Two app instances (two real Kestrel servers) whose channels live in one store, on one clock.</summary>
public sealed class StoreInstances : IAsyncDisposable
{
    private readonly IDisposable? _store;

    private StoreInstances(TestServer a, TestServer b, IDisposable? store) => (A, B, _store) = (a, b, store);

    public TestServer A { get; }

    public TestServer B { get; }

    /// <summary>Starts both instances: the app's clock, the store as <paramref name="addStore"/> registers it, and <c>Seq</c> channels with <paramref name="options"/>.</summary>
    /// <param name="store">What the store runs on (a redis-server), disposed after both instances.</param>
    public static async Task<StoreInstances> StartAsync(Action<IServiceCollection> addStore, TimeProvider time, Action<SseChannelOptions>? options, IDisposable? store = null)
    {
        void Configure(IServiceCollection services)
        {
            services.AddSingleton(time);
            addStore(services);
            services.AddSseChannels(WebJson.Info<Seq>(), options);
        }

        var a = await TestServer.StartAsync(Configure);
        var b = await TestServer.StartAsync(Configure);
        return new StoreInstances(a, b, store);
    }

    public static SseChannel<Seq> Channel(TestServer server, string name) => server.App.Services.GetRequiredService<SseChannels<Seq>>().Get(name);

    public async ValueTask DisposeAsync()
    {
        await B.DisposeAsync();
        await A.DisposeAsync();
        _store?.Dispose();
    }
}
