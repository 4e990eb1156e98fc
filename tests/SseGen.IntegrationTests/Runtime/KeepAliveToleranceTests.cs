using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class KeepAliveToleranceEndpoints
{
    /// <summary>An event, then a silence of 2.6 intervals, a few times over.</summary>
    [SseEndpoint("/keepalive/bursty")]
    public static async IAsyncEnumerable<Seq> Bursty(int intervalMs, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= count; n++)
        {
            yield return new Seq(n);
            await Task.Delay(intervalMs * 26 / 10, cancellationToken);
        }
    }
}

/// <summary>No stream is silent for longer than the keep-alive interval plus the clock's period.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class KeepAliveToleranceTests(ITestOutputHelper output)
{
    public const int Events = 6;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task The_longest_silence_is_the_interval_plus_an_eighth_not_twice_the_interval()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = Interval));
        var client = server.CreateClient();
        // A first, unmeasured stream: the first read of a fresh process (JIT, connection set-up) can
        // take longer than a keep-alive interval on a busy machine, and would be counted as silence.
        await ReadFramesAsync(client, 1);

        var arrivals = await ReadFramesAsync(client, Events);

        var gaps = arrivals.Zip(arrivals.Skip(1), (a, b) => b.At - a.At).ToArray();
        output.WriteLine(string.Join("\n", arrivals.Select(a => $"{a.At.TotalMilliseconds,7:F0} ms  {a.Frame}")));
        Assert.Equal(Events, arrivals.Count(a => a.Frame.StartsWith("data:", StringComparison.Ordinal)));
        Assert.True(arrivals.Count(a => a.Frame == ": keep-alive") >= Events, "Too few keep-alives for the silences.");
        // Interval + period (50 ms) + what a busy machine adds (100 ms); the old clock let a stream
        // stay silent for anything between one and two intervals after an event (400-800 ms).
        var allowed = Interval + (Interval / 8) + TimeSpan.FromMilliseconds(100);
        Assert.True(gaps.Max() <= allowed, $"The stream was silent for {gaps.Max().TotalMilliseconds:F0} ms with a keep-alive interval of {Interval.TotalMilliseconds} ms.");
    }

    /// <summary>Reads a bursty stream to its end and returns each frame (event or comment) with when it arrived.</summary>
    private static async Task<List<(string Frame, TimeSpan At)>> ReadFramesAsync(HttpClient client, int events)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(client, $"/keepalive/bursty?intervalMs={Interval.TotalMilliseconds}&count={events}", cts.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);

        // When each frame (event or comment) arrived.
        var arrivals = new List<(string Frame, TimeSpan At)>();
        var clock = Stopwatch.StartNew();
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
        {
            pending.Append(Encoding.UTF8.GetString(buffer, 0, read));
            int end;
            while ((end = pending.ToString().IndexOf("\n\n", StringComparison.Ordinal)) >= 0)
            {
                arrivals.Add((pending.ToString(0, end), clock.Elapsed));
                pending.Remove(0, end + 2);
            }
        }

        return arrivals;
    }
}
