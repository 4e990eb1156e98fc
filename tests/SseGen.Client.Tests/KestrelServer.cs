using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SseGen.Client.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving this assembly's <c>[SseEndpoint]</c>s, on a random port or on a given one
/// (to restart a server where the client expects it). Every server of a test reports to the test's probe.
/// </summary>
public sealed class KestrelServer : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly WebApplication _app;
    private bool _stopped;
    private int _requests;

    private KestrelServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public IServiceProvider Services => _app.Services;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <summary>Every request the server received, streams or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <param name="services">Registrations after the defaults (which win): a test's own channels, or another server's.</param>
    public static async Task<KestrelServer> StartAsync(ClientProbe probe, int port = 0, Action<SseOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(probe);
        // Every server maps every endpoint of this assembly, the broadcast ones too, and their services must be there.
        builder.Services.AddSseChannels(ClientTestJson.Default.Tick);
        builder.Services.AddSseChannels(ClientTestJson.Default.Note);
        services?.Invoke(builder.Services);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        var app = builder.Build();
        var server = new KestrelServer(app);
        app.Use((context, next) =>
        {
            Interlocked.Increment(ref server._requests);
            return next(context);
        });
        app.MapSseEndpoints();
        using var cts = new CancellationTokenSource(Timeout);
        await app.StartAsync(cts.Token);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Port = new Uri(address).Port;
        return server;
    }

    /// <summary>A client as an app would make one (default handler settings), for this server's address.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseAddress };

    /// <summary>Stops the server as on shutdown (open streams are cancelled, their connections closed).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var cts = new CancellationTokenSource(Timeout);
        await _app.StopAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }
}
