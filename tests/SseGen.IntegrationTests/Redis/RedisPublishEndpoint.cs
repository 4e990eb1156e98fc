using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Redis;

/// <summary>A publishing endpoint as the sample's <c>POST /chat/{room}</c> is: awaits PublishAsync, 503 with Retry-After while the store is unavailable.</summary>
internal static class RedisPublishEndpoint
{
    public const string Path = "/redis/publish/";

    public static void Map(WebApplication app) =>
        app.MapPost(Path + "{name}", async context =>
        {
            var name = (string)context.GetRouteValue("name")!;
            var n = int.Parse(context.Request.Query["n"].ToString() is { Length: > 0 } q ? q : "0", System.Globalization.CultureInfo.InvariantCulture);
            var channels = context.RequestServices.GetRequiredService<SseChannels<Seq>>();
            try
            {
                await channels.Get(name).PublishAsync(new Seq(n), cancellationToken: context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
            }
            catch (SseChannelUnavailableException)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "5";
            }
        });
}
