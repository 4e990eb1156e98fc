using SseGen;
using SseGen.Sample;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<QuoteFeed>();
builder.Services.Configure<SseOptions>(options => options.ReconnectionInterval = TimeSpan.FromSeconds(1));

var app = builder.Build();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapSseEndpoints();
app.Run();
