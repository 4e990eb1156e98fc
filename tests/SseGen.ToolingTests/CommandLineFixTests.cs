using System.Diagnostics;
using System.Net.ServerSentEvents;
using System.Text.RegularExpressions;
using SseGen.ToolingTests.Infrastructure;
using Xunit.Abstractions;

namespace SseGen.ToolingTests;

/// <summary>
/// The package in CI: on a fresh consumer, <c>dotnet build</c> reports the leak rules,
/// <c>dotnet format analyzers</c> applies the package's own code fixes, the fixed project builds
/// without any SSE warning, and the fixed endpoints still stream.
/// </summary>
[Collection(ToolingCollection.Name)]
[Trait("Category", "Tooling")]
public sealed class CommandLineFixTests(ToolingFixture fixture, ITestOutputHelper output) : IDisposable
{
    /// <summary>The command the README gives for CI.</summary>
    private static readonly string[] FormatCommand = ["format", "analyzers", "--diagnostics", "SSE001", "SSE002", "SSE003", "SSE004", "SSE005", "SSE006", "--severity", "warn"];

    private const int MaxFormatRounds = 5;

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private AppProcess? app;

    [Fact]
    public async Task Dotnet_format_applies_the_package_fixes_and_the_fixed_endpoints_still_stream()
    {
        var consumer = await fixture.CreateConsumerAsync("cli", output);

        // The analyzers run in a plain command-line build: SSE001 on both endpoints.
        var before = await BuildAsync(consumer, "before the fixes");
        var warningsBefore = before.Diagnostics("warning").Where(w => w.Id.StartsWith("SSE", StringComparison.Ordinal)).ToList();
        Assert.True(warningsBefore.Any(w => w.Id == "SSE001" && w.Line.Contains("Ticks.cs", StringComparison.Ordinal)), "No SSE001 on Ticks.Stream:\n" + before);
        Assert.True(warningsBefore.Any(w => w.Id == "SSE001" && w.Line.Contains("Clock.cs", StringComparison.Ordinal)), "No SSE001 on Clock.Stream:\n" + before);
        Assert.True(warningsBefore.Any(w => w.Id == "SSE001" && w.Line.Contains("Counter.cs", StringComparison.Ordinal)), "No SSE001 on Counter.Stream:\n" + before);
        Assert.True(warningsBefore.Any(w => w.Id == "SSE005" && w.Line.Contains("Feed.cs", StringComparison.Ordinal)), "No SSE005 on Feed.Stream:\n" + before);
        Assert.True(warningsBefore.Any(w => w.Id == "SSE006" && w.Line.Contains("Feed.cs", StringComparison.Ordinal)), "No SSE006 on Feed.Stream:\n" + before);

        // Each round fixes what the previous one uncovered (SSE001 first, then what a token makes
        // visible: SSE002/SSE003/SSE004); repeat until a round changes nothing.
        var rounds = new List<string>();
        var converged = false;
        for (var round = 1; round <= MaxFormatRounds && !converged; round++)
        {
            var sourcesBefore = consumer.Sources();
            var stopwatch = Stopwatch.StartNew();
            var format = await ChildProcesses.RunDotNetAsync(consumer.Directory, CommandTimeout, FormatCommand);
            Assert.True(format.ExitCode == 0, format.ToString());
            var changedFiles = consumer.Sources().Where(s => sourcesBefore.GetValueOrDefault(s.Key) != s.Value).Select(s => s.Key).ToList();
            converged = changedFiles.Count == 0;
            rounds.Add($"round {round}: {(converged ? "no change" : string.Join(", ", changedFiles))} ({ToolingFixture.Seconds(stopwatch)})");
            output.WriteLine($"dotnet {string.Join(' ', FormatCommand)} {rounds[^1]}");
        }

        Assert.True(converged, $"dotnet format still changed files after {MaxFormatRounds} rounds:\n{string.Join('\n', rounds)}");
        Assert.True(rounds.Count >= 2, $"The first dotnet format round changed nothing: the package's fixes did not apply.\n{string.Join('\n', rounds)}");

        var ticks = File.ReadAllText(consumer.TicksPath);
        var clock = File.ReadAllText(consumer.ClockPath);
        var counter = File.ReadAllText(consumer.CounterPath);
        var feed = File.ReadAllText(consumer.FeedPath);
        output.WriteLine($"Ticks.cs after the fixes:\n{ticks}");
        output.WriteLine($"Clock.cs after the fixes:\n{clock}");
        output.WriteLine($"Counter.cs after the fixes:\n{counter}");
        output.WriteLine($"Feed.cs after the fixes:\n{feed}");

        // What the fixes wrote: the token parameter (SSE001), forwarded to the awaited calls
        // (SSE002), the timer in a using declaration (SSE003), the endless loop checking it (SSE004).
        var token = TokenParameter(ticks, "Ticks.cs");
        Assert.Matches($@"Task\.Delay\(100,\s*{token}\)", ticks);
        var clockToken = TokenParameter(clock, "Clock.cs");
        Assert.Matches($@"WaitForNextTickAsync\(\s*{clockToken}\s*\)", clock);
        Assert.Matches(@"using\s+var\s+timer\s*=|using\s*\(\s*var\s+timer", clock);
        var counterToken = TokenParameter(counter, "Counter.cs");
        Assert.Matches($@"{counterToken}\.ThrowIfCancellationRequested\(\)", counter);

        // The channel bounded, dropping the oldest beat, with a capacity to tune (SSE005); the
        // sleep awaited with the token (SSE006).
        Assert.Matches(@"Channel\.CreateBounded<string>\(\s*new BoundedChannelOptions\(\w*Capacity\)", feed);
        Assert.Matches(@"BoundedChannelFullMode\.DropOldest", feed);
        Assert.Matches(@"const int \w*Capacity = \d+;", feed);
        Assert.Matches(@"await Task\.Delay\(10,\s*cancellationToken\)", feed);

        // Zero SSE warnings (and no error) in the fixed project.
        var after = await BuildAsync(consumer, "after the fixes");
        var sseAfter = after.Diagnostics("warning").Where(w => w.Id.StartsWith("SSE", StringComparison.Ordinal)).ToList();
        Assert.True(sseAfter.Count == 0, "SSE warnings left after dotnet format:\n" + string.Join('\n', sseAfter.Select(w => w.Line)));
        Assert.Empty(after.Diagnostics("error"));

        // The fixed endpoints still stream.
        app = await AppProcess.StartAsync(consumer.Dll, consumer.Directory);
        var tickEvents = await ReadEventsAsync(app.BaseAddress, "/ticks", 2);
        Assert.Equal(["tick 0", "tick 1"], tickEvents);
        var clockEvents = await ReadEventsAsync(app.BaseAddress, "/clock", 2);
        Assert.All(clockEvents, e => Assert.True(DateTimeOffset.TryParse(e, System.Globalization.CultureInfo.InvariantCulture, out _), $"not a timestamp: {e}"));
        var counterEvents = await ReadEventsAsync(app.BaseAddress, "/counter", 2);
        Assert.Equal(["count 0", "count 1"], counterEvents);
        var feedEvents = await ReadEventsAsync(app.BaseAddress, "/feed", 2);
        Assert.All(feedEvents, e => Assert.Matches(@"^beat \d+$", e));
    }

    public void Dispose() => app?.Dispose();

    private async Task<CommandResult> BuildAsync(ConsumerProject consumer, string when)
    {
        var build = await ChildProcesses.RunDotNetAsync(consumer.Directory, CommandTimeout, "build", "-c", "Debug", "--no-restore", "-nodeReuse:false");
        output.WriteLine($"dotnet build {when}: exit {build.ExitCode}, {build.Elapsed.TotalSeconds:0.0} s, warnings: " +
            string.Join("; ", build.Diagnostics("warning").Select(w => w.Id).Distinct()));
        Assert.True(build.ExitCode == 0, build.ToString());
        return build;
    }

    private static string TokenParameter(string source, string file)
    {
        var match = Regex.Match(source, @"\[EnumeratorCancellation\]\s*CancellationToken\s+(?<name>\w+)");
        Assert.True(match.Success, $"{file} has no [EnumeratorCancellation] CancellationToken parameter after dotnet format:\n{source}");
        return match.Groups["name"].Value;
    }

    private static async Task<List<string>> ReadEventsAsync(Uri baseAddress, string path, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        var events = new List<string>();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            events.Add(item.Data);
            if (events.Count == count)
            {
                break;
            }
        }

        Assert.True(events.Count == count, $"GET {path} ended after {events.Count} of {count} events");
        return events;
    }
}
