using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace SseGen.OpenApiTests;

/// <summary>
/// A real Kestrel on 127.0.0.1 (random port) with only what a user writes: <c>AddOpenApi()</c>,
/// <c>MapOpenApi()</c>, <c>MapSseEndpoints()</c> (and a library's endpoints under a route group).
/// </summary>
public sealed class DocumentServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The document as served, parsed by Microsoft.OpenApi's reader.</summary>
    public ReadResult Read { get; private set; } = null!;

    /// <summary>The document's raw JSON, for messages.</summary>
    public string Json { get; private set; } = "";

    public OpenApiDocument Document => Read.Document!;

    /// <summary>Where the app listens, to read its streams.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The app's services (its broadcast channels).</summary>
    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddOpenApi();
        // No type info of its own: the channel then writes with the app's JSON options, as the document reads them.
        builder.Services.AddSseChannels<PriceTick>();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, DocumentJson.Default));
        _app = builder.Build();
        _app.MapOpenApi();
        _app.MapSseEndpoints();
        _app.MapGroup("/lib").MapContosoQuotesSseEndpoints();
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Address = new Uri(address);
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        Json = await client.GetStringAsync("/openapi/v1.json");
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Json));
        Read = await OpenApiDocument.LoadAsync(stream, "json");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
