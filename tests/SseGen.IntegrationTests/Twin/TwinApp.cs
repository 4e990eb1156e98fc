using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// One app that serves every twin scenario twice: SseGen's generated endpoint and a minimal-API
/// endpoint returning <c>TypedResults.ServerSentEvents</c> of the same <see cref="TwinEndpoints"/> method.
/// </summary>
public static class TwinApp
{
    /// <summary>How long the host waits for open requests on shutdown before it aborts them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static TheoryData<TwinServer> Servers => [TwinServer.SseGen, TwinServer.BuiltIn];

    /// <summary>The path of <paramref name="scenario"/> on <paramref name="server"/>.</summary>
    public static string Path(TwinServer server, string scenario) =>
        (server == TwinServer.SseGen ? "/twin/ssegen/" : "/twin/builtin/") + scenario;

    /// <summary>Starts the app; <paramref name="sse"/> sets SseGen's options, <paramref name="services"/> anything else, <paramref name="middleware"/> runs before the endpoints.</summary>
    public static Task<TestServer> StartAsync(Action<SseOptions>? sse = null, Action<IServiceCollection>? services = null, Action<WebApplication>? middleware = null) =>
        TestServer.StartAsync(
            s =>
            {
                // This assembly runs as an AOT app would (no reflection-based JSON): the built-in
                // result serializes with the app's JSON options, so the app puts its context in
                // their resolver chain, as the README's table says a user must.
                s.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, TestJson.Default));
                s.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
                if (sse is not null)
                {
                    s.Configure(sse);
                }

                services?.Invoke(s);
            },
            middleware,
            map: app =>
            {
                var sseGen = app.MapSseEndpoints();
                MapBuiltIn(app);
                return sseGen;
            });

    private static void MapBuiltIn(WebApplication app)
    {
        var builtIn = app.MapGroup("/twin/builtin");
        builtIn.MapGet("/lines", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Lines(ct)));
        builtIn.MapGet("/ticks", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Ticks(ct), TwinEndpoints.TickEventName));
        builtIn.MapGet("/items", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Items(ct)));
        builtIn.MapGet("/burst", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Burst(ct)));
        builtIn.MapGet("/waiting", (ScenarioProbe probe, CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Waiting(probe, ct)));
        builtIn.MapGet("/quiet", (ScenarioProbe probe, CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Quiet(probe, ct)));
        builtIn.MapGet("/nothing", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Nothing(ct)));
        builtIn.MapGet("/firehose", (ScenarioProbe probe, CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.Firehose(probe, ct)));
        builtIn.MapGet("/fail-first", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.FailFirst(ct)));
        builtIn.MapGet("/fail-after-first", (CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.FailAfterFirst(ct)));
        builtIn.MapGet("/odd-ids", (string kind, CancellationToken ct) => TypedResults.ServerSentEvents(TwinEndpoints.OddIds(kind, ct)));
    }
}
