using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SseGen.EndToEndTests.Infrastructure;

namespace SseGen.EndToEndTests;

/// <summary>
/// The sample page (headless Chromium) against the sample app: the page reads its streams with @ssegen/client
/// through the functions generated from the sample's OpenAPI document (wwwroot/sample.js, built by
/// samples/SseGen.Sample/client/regenerate.sh); it shows each stream's state as <c>window.quotes.state</c> etc.
/// Each test starts the sample (samples/SseGen.Sample, as built with this project) on its own loopback port.
/// </summary>
public sealed class BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly int port = FreePort.Next();
    private ServerProcess? sample;
    private IBrowserContext? context;

    public async Task InitializeAsync()
    {
        sample = await StartSampleAsync();
        context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = sample.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1100, Height = 420 },
        });
        context.SetDefaultTimeout(15_000);
    }

    public async Task DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        sample?.Dispose();
    }

    [Fact]
    public async Task The_page_receives_typed_quote_events_in_order()
    {
        var page = await context!.NewPageAsync();
        await page.GotoAsync("/");

        await WaitUntilAsync(page, "() => window.sseReceived.length >= 6");
        await WaitUntilAsync(page, @"() => /^\d\d:\d\d:\d\d$/.test(document.getElementById('clock').textContent)");

        var received = await ReceivedAsync(page);
        Assert.Equal(Enumerable.Range(1, received.Count).Select(i => (long)i), received.Select(q => q.Sequence));
        Assert.All(received, q =>
        {
            Assert.Equal(q.Sequence.ToString(CultureInfo.InvariantCulture), q.Id); // lastEventId of each named event
            Assert.Equal("MSFT", q.Symbol);
            Assert.InRange(q.Price, 1m, 10_000m);
        });
        Assert.Equal("open", await page.TextContentAsync("#quotes-state"));
        Assert.Equal("open", await page.TextContentAsync("#clock-state"));

        // The picture the README shows: the sample page after events arrived. It goes to the test's
        // output; the committed docs/sample-page.png is rewritten only on request, so a test run
        // never leaves the working tree modified.
        var screenshot = await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(AppContext.BaseDirectory, "sample-page.png"),
        });
        Assert.True(screenshot.Length > 1000, "the screenshot of the sample page is empty");
        var committed = Path.Combine(Repo.Root, "docs", "sample-page.png");
        if (!File.Exists(committed) || Environment.GetEnvironmentVariable("SSEGEN_UPDATE_SCREENSHOT") == "1")
        {
            await File.WriteAllBytesAsync(committed, screenshot);
        }
    }

    [Fact]
    public async Task The_page_reconnects_after_a_server_restart_and_resumes_with_no_gap_and_no_repeat()
    {
        var page = await context!.NewPageAsync();
        var quoteRequests = new ConcurrentQueue<IRequest>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/quotes/MSFT")
            {
                quoteRequests.Enqueue(request);
            }
        };
        await page.GotoAsync("/");
        await WaitUntilAsync(page, "() => window.sseReceived.length >= 3");

        // Stop the server hard, on the port the page is connected to.
        sample!.Kill();
        // The page marks the stream "reconnecting" when its body breaks, after every event the old connection delivered.
        await WaitUntilAsync(page, "() => window.quotes.state !== 'open'");
        var beforeRestart = await ReceivedAsync(page);
        var lastSequence = beforeRestart[^1].Sequence;

        sample.Dispose();
        sample = await StartSampleAsync();

        // Nobody touches the page: the client reconnects by itself.
        await WaitUntilAsync(page, $"() => window.sseReceived.some(q => q.sequence >= {lastSequence + 3})", TimeSpan.FromSeconds(20));

        var received = await ReceivedAsync(page);
        Assert.True(
            received.Select(q => q.Sequence).SequenceEqual(Enumerable.Range(1, received.Count).Select(i => (long)i)),
            $"Not consecutive across the restart after {lastSequence}: {string.Join(",", received.Select(q => q.Sequence))}");

        // The new process starts every stream at Last-Event-ID + 1, so this continuation is the
        // header at work; the browser's own requests show it too.
        var headers = new List<string?>();
        foreach (var request in quoteRequests)
        {
            headers.Add(await request.HeaderValueAsync("last-event-id"));
        }

        Assert.True(headers.Count >= 2, $"{headers.Count} request(s) to /quotes/MSFT");
        Assert.Null(headers[0]);
        Assert.Equal(lastSequence.ToString(CultureInfo.InvariantCulture), headers[^1]);
        Assert.Contains($"GET http://127.0.0.1:{port}/quotes/MSFT", sample.Output);

        // Same market after the restart: the new process prices a tick the browser got from the old one alike.
        var again = await SseHttp.ReadEventsAsync(sample.BaseAddress, "/quotes/MSFT", count: 1, lastEventId: "0");
        using var first = JsonDocument.Parse(again.Events[0].Data);
        Assert.Equal(1, first.RootElement.GetProperty("sequence").GetInt64());
        Assert.True(received[0].Price == first.RootElement.GetProperty("price").GetDecimal(),
            $"tick 1 cost {received[0].Price} before the restart and {first.RootElement.GetProperty("price").GetDecimal()} after");
    }

    [Fact]
    public async Task Closing_the_page_runs_the_streams_cleanup_within_2_seconds()
    {
        var page = await context!.NewPageAsync();
        await page.GotoAsync("/");
        await WaitUntilAsync(page, "() => window.sseReceived.length >= 1 && document.getElementById('clock-state').textContent === 'open'");
        var open = await WaitForStatsAsync(s => s.OpenStreams == 2, TimeSpan.FromSeconds(10));
        Assert.True(open.OpenStreams == 2, $"{open.OpenStreams} open stream(s) with the page showing both streams, expected 2");

        await page.CloseAsync();
        var stopwatch = Stopwatch.StartNew();
        var stats = await WaitForStatsAsync(s => s.OpenStreams == 0, TimeSpan.FromSeconds(5));

        Assert.True(stats.OpenStreams == 0, $"{stats.OpenStreams} stream(s) still open {stopwatch.Elapsed.TotalSeconds:0.0} s after the page closed: their finally never ran");
        Assert.True(stopwatch.Elapsed <= TimeSpan.FromSeconds(2), $"the streams' cleanup took {stopwatch.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task The_generated_function_sends_the_Authorization_header_a_private_stream_requires()
    {
        var page = await context!.NewPageAsync();
        var secretRequests = new ConcurrentQueue<IRequest>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath == "/private/secrets")
            {
                secretRequests.Enqueue(request);
            }
        };
        await page.GotoAsync("/");
        await WaitUntilAsync(page, "() => window.streams !== undefined");

        // getPrivateSecrets is the function generated for /private/secrets; headers is what EventSource lacks.
        var outcome = await page.EvaluateAsync<string>("""
            async () => {
              const read = async (options) => {
                const items = [];
                try {
                  for await (const secret of window.streams.getPrivateSecrets(undefined, options)) {
                    items.push(`${secret.event}:${secret.data}`);
                    if (items.length === 2) break;
                  }
                  return items.join(',');
                } catch (e) {
                  return `${e.name} ${e.status}`;
                }
              };
              return [
                await read({}),
                await read({ headers: { Authorization: 'Bearer wrong-token' } }),
                await read({ headers: () => ({ Authorization: 'Bearer sample-token' }) }),
              ].join(' | ');
            }
            """);

        // What the browser sent: none, the wrong token, the right one; one request each (a 401 is not retried).
        var authorizations = new List<string>();
        foreach (var request in secretRequests)
        {
            authorizations.Add(await request.HeaderValueAsync("authorization") ?? "(none)");
        }

        Assert.Equal("SseHttpError 401 | SseHttpError 401 | secret:secret 1,secret:secret 2", outcome);
        Assert.Equal(["(none)", "Bearer wrong-token", "Bearer sample-token"], authorizations);
    }

    [Fact]
    public async Task No_content_204_makes_EventSource_stop_reconnecting()
    {
        var page = await context!.NewPageAsync();
        var doneStatuses = new ConcurrentQueue<int>();
        page.Response += (_, response) =>
        {
            if (new Uri(response.Url).AbsolutePath == "/done")
            {
                doneStatuses.Enqueue(response.Status);
            }
        };
        await page.GotoAsync("/");

        await page.EvaluateAsync("""
            () => {
              window.done = { source: new EventSource('/done'), opens: 0, errors: 0 };
              window.done.source.onopen = () => window.done.opens++;
              window.done.source.onerror = () => window.done.errors++;
            }
            """);
        // Longer than any reconnection delay the browser would use (the default is 3 s).
        await Task.Delay(TimeSpan.FromSeconds(4.5));

        var readyState = await page.EvaluateAsync<int>("() => window.done.source.readyState");
        var opens = await page.EvaluateAsync<int>("() => window.done.opens");
        var errors = await page.EvaluateAsync<int>("() => window.done.errors");
        var requests = (await GetStatsAsync()).DoneRequests;
        var seen = $"readyState {readyState}, {opens} open event(s), {errors} error event(s), {requests} request(s) to /done, " +
            $"statuses seen by the browser [{string.Join(",", doneStatuses)}]";

        // A 204 in particular (any other non-stream answer also stops an EventSource, by another rule).
        Assert.True(doneStatuses.SequenceEqual([204]), $"expected the browser to see one 204; {seen}");

        Assert.True(readyState == 2, $"expected CLOSED (2) after a 204; {seen}");
        Assert.True(requests == 1, $"expected exactly 1 request, no reconnect; {seen}");
        Assert.True(opens == 0 && errors == 1, $"expected one error and no open; {seen}");
    }

    [Fact]
    public async Task The_chat_box_posts_to_the_room_and_another_browser_on_the_page_shows_the_message()
    {
        // A second browser context: its own connections, as a second visitor would have.
        await using var other = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = sample!.BaseAddress.ToString() });
        var bob = await other.NewPageAsync();
        var alice = await context!.NewPageAsync();
        await bob.GotoAsync("/");
        await alice.GotoAsync("/");
        await WaitUntilAsync(bob, "() => document.getElementById('chat-state').textContent === 'open'");
        await WaitUntilAsync(alice, "() => document.getElementById('chat-state').textContent === 'open'");

        await alice.FillAsync("#chat-form input[name=user]", "alice");
        await alice.FillAsync("#chat-form input[name=text]", "hello bob");
        await alice.ClickAsync("#chat-form button");

        const string arrived = "() => window.chatReceived.some(m => m.user === 'alice' && m.text === 'hello bob' && m.id)";
        await WaitUntilAsync(bob, arrived);
        await WaitUntilAsync(alice, arrived);
        Assert.Contains("alice: hello bob", await bob.TextContentAsync("#chat-log"), StringComparison.Ordinal);
        Assert.Equal("", await alice.InputValueAsync("#chat-form input[name=text]"));
    }

    /// <summary>Waits for a condition in the page; on timeout, fails with what the page has seen.</summary>
    private async Task WaitUntilAsync(IPage page, string condition, TimeSpan? timeout = null)
    {
        timeout ??= TimeSpan.FromSeconds(15);
        try
        {
            await page.WaitForFunctionAsync(condition, null, new PageWaitForFunctionOptions { Timeout = (float)timeout.Value.TotalMilliseconds });
        }
        catch (TimeoutException)
        {
            var state = await page.EvaluateAsync<string>("""
                () => `quotes: ${window.quotes?.state} (${window.quotes?.connections} connection(s)), "${document.getElementById('quotes-state').textContent}", ` +
                      `sequences [${window.sseReceived?.map(q => q.sequence).join(',')}]; ` +
                      `clock: ${window.clock?.state}, "${document.getElementById('clock').textContent}"`
                """);
            throw new Xunit.Sdk.XunitException($"Timed out after {timeout.Value.TotalSeconds} s waiting for {condition}\npage: {state}\nserver (last lines):\n{string.Join('\n', (sample?.Output ?? "").Split('\n').TakeLast(30))}");
        }
    }

    private Task<ServerProcess> StartSampleAsync() =>
        ServerProcess.StartDotNetAsync(Repo.SampleDll, Repo.SampleProjectDirectory, port);

    private static async Task<IReadOnlyList<ReceivedQuote>> ReceivedAsync(IPage page) =>
        JsonSerializer.Deserialize<List<ReceivedQuote>>(await page.EvaluateAsync<string>("() => JSON.stringify(window.sseReceived)"), Json)!;

    private async Task<SampleStats> GetStatsAsync()
    {
        using var client = new HttpClient { BaseAddress = sample!.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        return (await client.GetFromJsonAsync<SampleStats>("/stats", Json))!;
    }

    /// <summary>Polls /stats until the condition holds or the time is up; returns the last stats.</summary>
    private async Task<SampleStats> WaitForStatsAsync(Func<SampleStats, bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var stats = await GetStatsAsync();
            if (condition(stats) || stopwatch.Elapsed > timeout)
            {
                return stats;
            }

            await Task.Delay(50);
        }
    }

    private sealed record ReceivedQuote(string Id, long Sequence, string Symbol, decimal Price);

    private sealed record SampleStats(int OpenStreams, int DoneRequests);
}
