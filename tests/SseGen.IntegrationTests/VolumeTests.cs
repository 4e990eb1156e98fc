using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class VolumeEndpoints
{
    public const int Count = 100_000;

    [SseEndpoint("/volume/100k")]
    public static async IAsyncEnumerable<Seq> HundredThousand([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= Count; n++)
        {
            // Mostly bursts, with an occasional real wait, so both the threshold and the idle flush run.
            if (n % 1000 == 0)
            {
                await Task.Yield();
            }

            yield return new Seq(n);
        }
    }
}

public sealed class VolumeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task One_hundred_thousand_items_arrive_complete_and_in_order_within_a_bounded_time()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var clock = Stopwatch.StartNew();
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/volume/100k", cts.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var seq = WebJson.Info<Seq>();
        var parser = SseParser.Create(stream, (type, data) => JsonSerializer.Deserialize(data, seq)!.N);

        var expected = 1;
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            Assert.Equal("message", item.EventType);
            if (item.Data != expected)
            {
                Assert.Fail($"Expected item {expected}, got {item.Data}.");
            }

            expected++;
        }

        clock.Stop();
        output.WriteLine($"{expected - 1} items in {clock.ElapsedMilliseconds} ms");
        Assert.Equal(VolumeEndpoints.Count, expected - 1);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"100,000 items took {clock.Elapsed}.");
        Assert.Empty(server.Logs.Errors);
    }
}
