using System.Collections.Concurrent;
using System.Net.ServerSentEvents;
using SseGen;
using SseGen.TsClientHost;

// Run by clients/typescript's tests: `dotnet SseGen.TsClientHost.dll --urls http://127.0.0.1:<port>`. It prints
// Kestrel's "Now listening on:" line, which the tests wait for (port 0 picks a free port, and the restart reuses it).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Logging.AddSimpleConsole();
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, HostJson.Default));
builder.Services.AddSseChannels(HostJson.Default.Tick, o => o.HistoryLength = 5);
builder.Services.AddSseChannels(HostJson.Default.Note, o => o.SubscriberQueueLength = 4);
builder.Services.AddSingleton<RequestCounts>();
builder.Services.AddOpenApi();

var app = builder.Build();
var counts = app.Services.GetRequiredService<RequestCounts>();
var feeds = new ConcurrentDictionary<HttpContext, byte>();
app.Use(async (context, next) =>
{
    counts.Count(context.Request.Path);

    // Authorization as an app's middleware would check it: a stream without the token is refused before it starts.
    if (context.Request.Path.StartsWithSegments("/secure") && context.Request.Headers.Authorization != "Bearer s3cret")
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        return;
    }

    // Down for ever: the backoff test counts how often a client asks.
    if (context.Request.Path.StartsWithSegments("/unavailable"))
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        if (context.Request.Query["retryAfter"] is [{ } retryAfter])
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        return;
    }

    // Open /feed streams, so a test can cut them as a network would (the channel and its history stay).
    if (context.Request.Path.StartsWithSegments("/feed"))
    {
        feeds.TryAdd(context, 0);
        try
        {
            await next(context);
        }
        finally
        {
            feeds.TryRemove(context, out _);
        }

        return;
    }

    await next(context);
});
app.MapOpenApi();
app.MapSseEndpoints();

// SseGen's endpoints are GETs; a stream that needs a body is an ASP.NET Core POST returning ServerSentEvents.
// ASP.NET Core's own SSE results stay out of the OpenAPI document: it would need SseItem<T>'s JSON metadata, and the
// generator test reads SseGen's streams only.
app.MapGet("/spaced-id", () => TypedResults.ServerSentEvents(HostEndpoints.SpacedId())).ExcludeFromDescription();
// A line that never ends, as a broken or hostile server sends it: only a client that bounds what it buffers stops it.
// Stops itself after 64 MiB, so a client without a bound fails its test by timing out, not by filling the machine.
app.MapGet("/endless", async (HttpContext context, CancellationToken cancellationToken) =>
{
    context.Response.ContentType = "text/event-stream";
    var chunk = new byte[64 * 1024];
    Array.Fill(chunk, (byte)'x');
    await context.Response.Body.WriteAsync("data: "u8.ToArray(), cancellationToken);
    for (var i = 0; i < 1024; i++)
    {
        await context.Response.Body.WriteAsync(chunk, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
        await Task.Delay(5, cancellationToken);
    }

    await Task.Delay(Timeout.Infinite, cancellationToken);
});
app.MapPost("/search", (SearchRequest request) => TypedResults.ServerSentEvents(HostEndpoints.Search(request))).ExcludeFromDescription();

// Test controls: how many requests a path got; publish to the "feed" channel and get the ids back.
app.MapGet("/control/count", (string path) => counts.Get(path));
app.MapPost("/control/publish", (int n, SseChannels<Tick> channels) =>
{
    var feed = channels.Get("feed");
    var ids = new string[n];
    for (var i = 0; i < n; i++)
    {
        ids[i] = feed.Publish(new Tick(i + 1));
    }

    return ids;
});
app.MapPost("/control/drop-feeds", () =>
{
    foreach (var feed in feeds.Keys)
    {
        feed.Abort();
    }

    return feeds.Count;
});
app.MapPost("/control/notes", async (int n, int size, SseChannels<Note> channels, CancellationToken cancellationToken) =>
{
    var notes = channels.Get("notes");
    while (notes.SubscriberCount == 0)
    {
        await Task.Delay(10, cancellationToken);
    }

    var text = new string('x', size);
    for (var i = 1; i <= n; i++)
    {
        notes.Publish(new Note(i, text));
    }

    return n;
});

// Started by the tests with a pipe for stdin: when the test process dies (a crashed runner, a killed CI job), the
// pipe closes and the host stops, instead of living on as an orphan holding its port.
if (Environment.GetEnvironmentVariable("SSEGEN_TSCLIENT_HOST_STDIN_LIFETIME") == "1")
{
    var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
    _ = Task.Run(async () =>
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[64];
        while (await stdin.ReadAsync(buffer) > 0)
        {
        }

        lifetime.StopApplication();
    });
}

app.Run();

namespace SseGen.TsClientHost
{
    /// <summary>Requests per path, for the tests that count reconnects.</summary>
    public sealed class RequestCounts
    {
        private readonly ConcurrentDictionary<string, int> _counts = new();

        public void Count(PathString path) => _counts.AddOrUpdate(path.Value ?? "", 1, static (_, n) => n + 1);

        public int Get(string path) => _counts.TryGetValue(path, out var n) ? n : 0;
    }
}
