using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class KeepAliveEndpoints
{
    /// <summary>One event, then a long silence.</summary>
    [SseEndpoint("/keepalive/one-then-idle")]
    public static async IAsyncEnumerable<Seq> OneThenIdle([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new Seq(1);
        await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
        yield return new Seq(2);
    }

    /// <summary>An event every 10 ms for a while: never idle for a keep-alive interval.</summary>
    [SseEndpoint("/keepalive/busy")]
    public static async IAsyncEnumerable<Seq> Busy([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = 1; n <= 100; n++)
        {
            yield return new Seq(n);
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Silent from the start: nothing to send but keep-alives.</summary>
    [SseEndpoint("/keepalive/idle-start")]
    public static async IAsyncEnumerable<Seq> IdleStart([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMinutes(5), cancellationToken);
        yield return new Seq(1);
    }

    /// <summary>Large events at irregular gaps around the keep-alive interval.</summary>
    [SseEndpoint("/keepalive/irregular")]
    public static async IAsyncEnumerable<Note> Irregular([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var random = new Random(1234);
        for (var n = 1; n <= KeepAliveTests.IrregularCount; n++)
        {
            yield return new Note(n.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + new string('x', random.Next(1, 40_000)));
            await Task.Delay(random.Next(0, 80), cancellationToken);
        }
    }
}

public sealed partial class KeepAliveTests(ITestOutputHelper output)
{
    public const int IrregularCount = 40;
    private const string FirstEvent = "data: {\"n\":1}\n\n";
    private const string KeepAlive = ": keep-alive\n\n";

    [Fact]
    public async Task An_idle_stream_gets_a_keep_alive_comment_after_the_interval_between_frames()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(200)));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/one-then-idle", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await reader.ReadUntilAsync(t => t.StartsWith(FirstEvent, StringComparison.Ordinal), TestServer.Timeout);
        var sinceEvent = Stopwatch.StartNew();
        await reader.ReadUntilAsync(t => CountComments(t) >= 1, TimeSpan.FromSeconds(3));
        var firstComment = sinceEvent.Elapsed;
        await reader.ReadUntilAsync(t => CountComments(t) >= 2, TimeSpan.FromSeconds(3));
        output.WriteLine($"first keep-alive {firstComment.TotalMilliseconds:F0} ms after the event; received: {SseClient.Show(reader.Text)}");

        // Only whole keep-alive comments follow the event, each on its own after a blank line.
        Assert.Matches("^" + Regex.Escape(FirstEvent) + "(" + Regex.Escape(KeepAlive) + ")+$", reader.Text);
        Assert.True(firstComment >= TimeSpan.FromMilliseconds(100), $"The first keep-alive came {firstComment} after the event: the stream was not idle for an interval.");
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task With_keep_alive_off_an_idle_stream_stays_silent()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.Zero));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/one-then-idle", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await reader.ReadUntilAsync(t => t.StartsWith(FirstEvent, StringComparison.Ordinal), TestServer.Timeout);
        await reader.ReadForAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(FirstEvent, reader.Text);
    }

    [Fact]
    public async Task A_busy_stream_gets_no_keep_alive_per_interval()
    {
        var interval = TimeSpan.FromMilliseconds(250);
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = interval));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var clock = Stopwatch.StartNew();
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/busy", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await reader.ReadToEndAsync(TestServer.Timeout);

        var intervals = clock.Elapsed / interval;
        var comments = CountComments(reader.Text);
        output.WriteLine($"stream lasted {clock.ElapsedMilliseconds} ms = {intervals:F1} intervals; {comments} keep-alives");
        Assert.True(intervals >= 3, "The stream was too short to span several keep-alive intervals.");
        // Never idle for an interval, so no keep-alive is due. A timer tick delayed on a loaded
        // machine can let one slip in; a comment on every tick would give about one per interval.
        Assert.True(comments * 4 < intervals, $"{comments} keep-alives in {intervals:F1} intervals of a stream that was never idle.");
        Assert.Equal(
            string.Concat(Enumerable.Range(1, 100).Select(n => $"data: {{\"n\":{n}}}\n\n")),
            reader.Text.Replace(KeepAlive, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stream_idle_from_the_start_sends_its_headers_with_the_first_keep_alive()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(200)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/idle-start", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => CountComments(t) >= 1, TimeSpan.FromSeconds(3));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(KeepAlive, reader.Text);
    }

    [Fact]
    public async Task Keep_alives_never_land_inside_a_frame()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.KeepAliveInterval = TimeSpan.FromMilliseconds(25)));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/keepalive/irregular", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        await reader.ReadToEndAsync(TestServer.Timeout);

        var text = reader.Text;
        Assert.EndsWith("\n\n", text);
        var blocks = text[..^2].Split("\n\n");
        var comments = 0;
        var numbers = new List<int>();
        foreach (var block in blocks)
        {
            var lines = block.Split('\n');
            if (lines.All(l => l.StartsWith(':')))
            {
                Assert.Equal([": keep-alive"], lines);
                comments++;
            }
            else
            {
                Assert.All(lines, l => Assert.StartsWith("data: ", l));
                numbers.Add(int.Parse(Regex.Match(block, "\"text\":\"(\\d+):").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        output.WriteLine($"{numbers.Count} events, {comments} keep-alives");
        Assert.Equal(Enumerable.Range(1, IrregularCount), numbers);
        Assert.True(comments > 0, "No keep-alive was written during the stream, so this test proved nothing.");

        var parsed = SseParser.Create(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))).Enumerate().ToList();
        Assert.Equal(IrregularCount, parsed.Count);
    }

    private static int CountComments(string text) => KeepAliveLine().Matches(text).Count;

    [GeneratedRegex("^:", RegexOptions.Multiline)]
    private static partial Regex KeepAliveLine();
}
