using SseGen;
using SseGen.Sample;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
// The OpenAPI document at /openapi/v1.json lists every stream, its request values and its items.
builder.Services.AddOpenApi();
builder.Services.AddSingleton<QuoteFeed>();
builder.Services.AddSingleton<StreamStats>();
builder.Services.Configure<SseOptions>(options => options.ReconnectionInterval = TimeSpan.FromSeconds(1));
builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, AppJson.Default));
// Chat rooms: one broadcast channel per room, each keeping its last 200 messages for reconnects.
builder.Services.AddSseChannels<ChatMessage>(configure: options => options.HistoryLength = 200);
// --SseGen:Redis=127.0.0.1:6379: the rooms live in Redis, so several instances share them.
if (builder.Configuration["SseGen:Redis"] is { Length: > 0 } redis)
{
    builder.Services.AddSseRedis(redis);
}

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
// /private/secrets answers 401 without `Authorization: Bearer <token>`: the page reads it with the header.
app.UseBearerTokenForPrivateStreams(builder.Configuration["Sample:BearerToken"] is { Length: > 0 } token ? token : PrivateEndpoints.DefaultToken);
app.MapSseEndpoints();
app.MapPost("/chat/{room}", ChatEndpoints.Post);

// Streams open right now: close a tab and watch its streams' finally blocks bring this down.
app.MapGet("/stats", (StreamStats stats) => stats.Snapshot());

// A stream with nothing (more) to send: 204 No Content tells an EventSource to stop reconnecting.
app.MapGet("/done", (StreamStats stats) =>
{
    stats.DoneRequested();
    return Results.NoContent();
});

app.Run();
