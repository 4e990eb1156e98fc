using System.Text.Json;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>What the channel and Redis tests share: waiting for a condition, and the number a <c>Seq</c> event carries.</summary>
internal static class ChannelTestHelpers
{
    /// <summary>Polls <paramref name="done"/> until it holds, failing with <paramref name="what"/> after <see cref="TestServer.Timeout"/>.</summary>
    public static async Task WaitForAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Waited for " + what);
            await Task.Delay(10);
        }
    }

    /// <summary>The <c>n</c> of a <c>Seq</c> event's JSON data.</summary>
    public static int N(string data) => JsonDocument.Parse(data).RootElement.GetProperty("n").GetInt32();
}
