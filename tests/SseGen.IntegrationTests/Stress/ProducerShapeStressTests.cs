using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

/// <summary>
/// Many streams at once whose producers alternate between ready and pending items, plus channels fed
/// at full speed, with keep-alive ticks landing mid-stream: every stream must arrive whole and in
/// order, and the server must survive. The wake-up signalling once crashed the process here.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class ProducerShapeStressTests(ITestOutputHelper output)
{
    private const int Count = 40_000;

    [Fact]
    public async Task Streams_alternating_ready_and_pending_items_arrive_whole_while_keep_alives_tick()
    {
        // Short enough that ticks land in the middle of every stream, many times.
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(2)));
        var client = server.CreateClient();
        string[] paths =
        [
            $"/stress/yield-every/1?count={Count}",
            $"/stress/yield-every/7?count={Count}",
            $"/stress/yield-every/64?count={Count}",
            $"/stress/yield-every/1024?count={Count}",
            $"/stress/channel?count={Count}",
        ];
        var clock = Stopwatch.StartNew();
        var rounds = 0;
        // Bounded in time, not only in count: as many rounds as fit in a few seconds.
        while (rounds < 2 || (rounds < 20 && clock.Elapsed < TimeSpan.FromSeconds(6)))
        {
            var streams = paths.Concat(paths).Select(path => ReadSequenceAsync(client, path)).ToArray();
            var counts = await Task.WhenAll(streams);
            for (var i = 0; i < counts.Length; i++)
            {
                Assert.True(counts[i] == Count, $"Round {rounds}, stream {i}: {counts[i]} of {Count} items.");
            }

            rounds++;
        }

        output.WriteLine($"{rounds} rounds of {paths.Length * 2} concurrent streams x {Count} items in {clock.ElapsedMilliseconds} ms");
        Assert.True(server.Logs.Errors.Count == 0, "Errors logged:\n" + string.Join('\n', server.Logs.Errors));
    }

    /// <summary>Reads one stream to its end and returns how many items came in order 1, 2, 3, …</summary>
    private static async Task<int> ReadSequenceAsync(HttpClient client, string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await SseClient.OpenAsync(client, path, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var parser = SseParser.Create(stream, static (_, data) => ParseN(data));
        var expected = 1;
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            if (item.Data != expected)
            {
                Assert.Fail($"{path}: expected item {expected}, got {item.Data}.");
            }

            expected++;
        }

        return expected - 1;
    }

    /// <summary>Reads n out of <c>{"n":123}</c> without a JSON round trip, to keep the reader fast.</summary>
    private static int ParseN(ReadOnlySpan<byte> data)
    {
        const int Prefix = 5; // {"n":
        Assert.True(data.Length > Prefix + 1 && data[^1] == (byte)'}', "Not a Seq payload: " + System.Text.Encoding.UTF8.GetString(data));
        var n = 0;
        foreach (var b in data[Prefix..^1])
        {
            n = (n * 10) + (b - '0');
        }

        return n;
    }
}
