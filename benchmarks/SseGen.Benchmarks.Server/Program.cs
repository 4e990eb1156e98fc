using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SseGen;
using SseGen.Benchmarks;
using SseGen.Benchmarks.Server;

// The .NET peers of the benchmarks in one web app, one route prefix each. Listens on 127.0.0.1 at
// a free port and prints "LISTENING <url>" once it accepts connections; the driver reads that line.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.WebHost.UseSockets(options => options.Backlog = 4096);
builder.WebHost.ConfigureKestrel(options =>
{
    options.AddServerHeader = false;
    options.Listen(IPAddress.Loopback, 0);
});
builder.Services.AddSingleton<Feeds>();
// The channel peer's fan-out: history off (nobody resumes here), the default 1024-event queues.
builder.Services.AddSseChannels<Tick>(configure: options => options.HistoryLength = 0);
builder.Services.AddHostedService<FeedPublisher>();
// The same keep-alive interval for SseGen's clock as for the other peers' timers (idle-scale sets it).
builder.Services.Configure<SseOptions>(options => options.KeepAliveInterval = BenchKeepAlive.Interval);
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, BenchJson.Default));

var app = builder.Build();

app.MapSseEndpoints();
app.MapOtherPeers();
app.MapFloorPeer();

// Measurement hooks: whole-process allocation counter, and memory after a full blocking GC.
app.MapGet("/_bench/alloc", () => Results.Text(
    string.Create(CultureInfo.InvariantCulture, $"allocated={GC.GetTotalAllocatedBytes(precise: true)}\n")));
app.MapGet("/_bench/mem", () =>
{
    for (var i = 0; i < 2; i++)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    var heap = GC.GetTotalMemory(forceFullCollection: false);
    return Results.Text(string.Create(CultureInfo.InvariantCulture, $"heap={heap}\nworkingSet={Environment.WorkingSet}\ngcServer={System.Runtime.GCSettings.IsServerGC}\n"));
});

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"LISTENING {address}");
await app.WaitForShutdownAsync();
