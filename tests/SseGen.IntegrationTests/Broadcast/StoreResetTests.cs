using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Tests.Shared;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>
/// The <c>reset</c> of a channel in a real redis-server, for a <c>Last-Event-ID</c> it cannot resume
/// from: written by the frame writer, carrying the newest id the channel delivered (or an empty one),
/// never the client's text.
/// </summary>
public sealed class StoreResetTests
{
    [Theory]
    [InlineData("\"}")]
    [InlineData("{\"latestId\":\"evil\"}")]
    [InlineData("a\\b")]
    [InlineData("9999999999999-0")]
    public async Task A_hostile_Last_Event_ID_on_a_Redis_channel_gets_a_reset_with_the_channel_id_only(string hostile)
    {
        using var redis = await RedisServer.StartAsync();
        await using var server = await TestServer.StartAsync(services => services.AddSseRedis(redis.Configuration, $"t{Guid.NewGuid():N}:"));
        var channel = server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("hostile");

        // Nothing delivered on this instance yet: the id is empty, so the next reconnect asks for live events only.
        Assert.Equal("event: reset\nid: \ndata: {\"latestId\":\"\"}\n\n", await FirstFrameAsync(server, hostile));

        var id = await channel.PublishAsync(new Seq(1));
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (channel.LastEventId != id)
        {
            Assert.True(DateTime.UtcNow < deadline, "The event never came back from Redis.");
            await Task.Delay(10);
        }

        var frame = await FirstFrameAsync(server, hostile);
        Assert.Equal($"event: reset\nid: {id}\ndata: {{\"latestId\":\"{id}\"}}\n\n", frame);
        if (hostile.Length > 2)
        {
            Assert.DoesNotContain(hostile, frame, StringComparison.Ordinal);
        }
    }

    private static async Task<string> FirstFrameAsync(TestServer server, string lastEventId)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/broadcast/seq/hostile", cts.Token,
            r => Assert.True(r.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (!text.ToString().Contains("\n\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, cts.Token);
            Assert.True(read > 0, "The stream ended before its first frame.");
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }
}
