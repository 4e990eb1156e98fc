using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

/// <summary>
/// A clock that stands still until the test moves it, so "within one interval" holds however slowly
/// a busy machine serves the requests. Timers are the system's (nothing here waits on this clock).
/// </summary>
public sealed class ManualTime : TimeProvider
{
    private readonly DateTimeOffset _start = DateTimeOffset.UtcNow;
    private long _ticks = Stopwatch.GetTimestamp();
    private long _elapsed;

    public void Advance(TimeSpan by)
    {
        var ticks = (long)(by.TotalSeconds * Stopwatch.Frequency);
        Interlocked.Add(ref _ticks, ticks);
        Interlocked.Add(ref _elapsed, ticks);
    }

    public override long GetTimestamp() => Volatile.Read(ref _ticks);

    public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromSeconds(Volatile.Read(ref _elapsed) / (double)Stopwatch.Frequency);
}

/// <summary>
/// What a hostile client can do to the log: refused requests in a loop write a bounded number of
/// lines, and a request value cannot forge a line or make one huge. Read through a real logger
/// provider that records each formatted line.
/// </summary>
public sealed class LogFloodTests
{
    private const int Refused = 10_000;

    [Fact]
    public async Task Ten_thousand_requests_refused_at_the_stream_limit_write_one_line_then_one_summary_per_interval()
    {
        var time = new ManualTime();
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<TimeProvider>(time));
        var client = server.CreateClient();
        using var open = await SseClient.OpenAsync(client, "/limits/static?count=1", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        var next = 0;
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) <= Refused)
            {
                using var refused = await client.GetAsync("/limits/static?count=1");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            }
        }));
        await Task.WhenAll(workers);

        var lines = LimitLines(server);
        Assert.True(lines.Count == 1, $"{Refused} refusals within one interval wrote {lines.Count} lines:\n{string.Join('\n', lines.Take(5))}");
        Assert.Equal(7, lines[0].EventId.Id);

        // After the interval, the next refusal writes one line that counts every refusal since the first.
        time.Advance(TimeSpan.FromSeconds(11));
        using (var refused = await client.GetAsync("/limits/static?count=1"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        lines = LimitLines(server);
        Assert.Equal(2, lines.Count);
        Assert.StartsWith($"{Refused} requests to StreamLimitEndpoints.Static were refused with 503", lines[1].Message, StringComparison.Ordinal);
    }

    private static List<LogEntry> LimitLines(TestServer server) =>
        [.. server.Logs.Entries.Where(e => e.Category == "SseGen" && e.Message.Contains("refused with 503", StringComparison.Ordinal))];

    [Fact]
    public async Task A_request_value_with_line_breaks_cannot_forge_a_log_line_and_a_long_one_is_cut()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var forged = "1\r\nfail: SseGen[1] forged line\u2028" + new string('x', 3_000);

        using var response = await client.GetAsync("/limits/static?count=" + Uri.EscapeDataString(forged));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var line = await server.Logs.WaitForAsync(e => e.Category == "SseGen" && e.EventId.Id == 5);
        Assert.DoesNotContain('\r', line.Message);
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain('\u2028', line.Message);
        Assert.Contains(@"1\u000D\u000Afail: SseGen[1] forged line\u2028xx", line.Message, StringComparison.Ordinal);
        Assert.True(line.Message.Length < 400, $"The log line kept {line.Message.Length} characters of a 3,000-character value.");
        Assert.Contains("more characters)", line.Message, StringComparison.Ordinal);
    }
}
