using System.Diagnostics;
using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// Where SseGen and <c>TypedResults.ServerSentEvents</c> differ, on the same source: each test states
/// both sides, so a row of the README's comparison table that stops being true fails here.
/// </summary>
public sealed class TwinDifferenceTests(ITestOutputHelper output)
{
    private const string KeepAlive = ": keep-alive\n\n";

    [Fact]
    public async Task Burst_SseGen_sends_it_at_once_when_the_producer_has_nothing_ready_the_built_in_item_by_item()
    {
        var counter = new TwinSendCounter();
        await using var app = await TwinApp.StartAsync(middleware: counter.Use);
        var client = app.CreateClient();

        var sseGen = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.SseGen, "burst"));
        var sseGenSends = counter.Sends;
        counter.Reset();
        var builtIn = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.BuiltIn, "burst"));
        var builtInSends = counter.Sends;
        output.WriteLine($"{TwinEndpoints.BurstCount} items ready at once: SseGen sent {sseGenSends} times, the built-in {builtInSends} times");

        // The same bytes either way.
        var expected = string.Concat(Enumerable.Range(1, TwinEndpoints.BurstCount).Select(n => $"data: {{\"n\":{n}}}\n\n"));
        Assert.Equal(expected, sseGen);
        Assert.Equal(expected, builtIn);
        // SseGen: the headers when the producer first waits, then the burst in a few sends (measured:
        // 3 to 5; the headers, the first item, the other 99), never one per item.
        Assert.True(sseGenSends * 10 <= TwinEndpoints.BurstCount, $"SseGen sent {sseGenSends} times for {TwinEndpoints.BurstCount} items ready at once.");
        Assert.True(builtInSends >= TwinEndpoints.BurstCount, $"The built-in sent {builtInSends} times for {TwinEndpoints.BurstCount} items.");
    }

    [Fact]
    public async Task Keep_alive_SseGen_comments_on_an_idle_stream_the_built_in_stays_silent()
    {
        var interval = TimeSpan.FromMilliseconds(200);
        await using var app = await TwinApp.StartAsync(sse: o => o.KeepAliveInterval = interval);
        var client = app.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var sseGen = await SseClient.OpenAsync(client, TwinApp.Path(TwinServer.SseGen, "waiting"), cts.Token);
        var sseGenReader = new RawStreamReader(await sseGen.Content.ReadAsStreamAsync(cts.Token));
        await sseGenReader.ReadUntilAsync(t => t.Contains(KeepAlive + KeepAlive, StringComparison.Ordinal), TimeSpan.FromSeconds(3));
        Assert.Matches("^data: \\{\"n\":1\\}\n\n(: keep-alive\n\n)+$", sseGenReader.Text);

        using var builtIn = await SseClient.OpenAsync(client, TwinApp.Path(TwinServer.BuiltIn, "waiting"), cts.Token);
        var builtInReader = new RawStreamReader(await builtIn.Content.ReadAsStreamAsync(cts.Token));
        await builtInReader.ReadForAsync(interval * 5);
        Assert.Equal("data: {\"n\":1}\n\n", builtInReader.Text);
    }

    [Fact]
    public async Task Nothing_to_send_SseGen_answers_204_the_built_in_an_empty_200_stream()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var sseGen = await client.GetAsync(TwinApp.Path(TwinServer.SseGen, "nothing"), cts.Token);
        using var builtIn = await client.GetAsync(TwinApp.Path(TwinServer.BuiltIn, "nothing"), cts.Token);

        // 204 stops a browser's EventSource; an empty 200 makes it reconnect, for ever.
        Assert.Equal(HttpStatusCode.NoContent, sseGen.StatusCode);
        Assert.Empty(await sseGen.Content.ReadAsByteArrayAsync(cts.Token));
        Assert.Equal(HttpStatusCode.OK, builtIn.StatusCode);
        Assert.Equal("text/event-stream", builtIn.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await builtIn.Content.ReadAsByteArrayAsync(cts.Token));
    }

    [Fact]
    public async Task Quiet_stream_SseGen_sends_its_headers_at_once_the_built_in_only_with_the_first_item()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        // The producers wait on the (closed) gate: nothing to send yet.
        var clock = Stopwatch.StartNew();
        using var sseGen = await SseClient.OpenAsync(client, TwinApp.Path(TwinServer.SseGen, "quiet"), cts.Token).WaitAsync(TimeSpan.FromSeconds(3));
        var sseGenHeaders = clock.Elapsed;
        Assert.Equal(HttpStatusCode.OK, sseGen.StatusCode);

        clock.Restart();
        var builtIn = SseClient.OpenAsync(client, TwinApp.Path(TwinServer.BuiltIn, "quiet"), cts.Token);
        await Task.WhenAny(builtIn, Task.Delay(TimeSpan.FromSeconds(1), cts.Token));
        Assert.False(builtIn.IsCompleted, "The built-in result sent its headers before its first item.");

        app.Probe.Gate.Release(2);
        using var builtInResponse = await builtIn.WaitAsync(TimeSpan.FromSeconds(3));
        output.WriteLine($"SseGen's headers after {sseGenHeaders.TotalMilliseconds:F0} ms; the built-in's after {clock.ElapsedMilliseconds} ms, once the first item was ready");
        Assert.Equal(HttpStatusCode.OK, builtInResponse.StatusCode);
        Assert.Equal("data: {\"n\":1}\n\n", await builtInResponse.Content.ReadAsStringAsync(cts.Token));
        Assert.Equal("data: {\"n\":1}\n\n", await sseGen.Content.ReadAsStringAsync(cts.Token));
    }

    [Fact]
    public async Task Headers_SseGen_sends_no_cache_and_X_Accel_Buffering_no_the_built_in_no_store_no_cache_and_Pragma()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var sseGen = await SseClient.OpenAsync(client, TwinApp.Path(TwinServer.SseGen, "ticks"), cts.Token);
        using var builtIn = await SseClient.OpenAsync(client, TwinApp.Path(TwinServer.BuiltIn, "ticks"), cts.Token);

        Assert.Equal("text/event-stream", sseGen.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", string.Join(", ", sseGen.Headers.GetValues("Cache-Control")));
        Assert.Equal(["no"], sseGen.Headers.GetValues("X-Accel-Buffering"));
        Assert.False(sseGen.Headers.Contains("Pragma"));
        Assert.Equal(["identity"], sseGen.Content.Headers.ContentEncoding);

        // Without X-Accel-Buffering, nginx buffers the built-in's stream unless its own config says not to.
        Assert.Equal("text/event-stream", builtIn.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store, no-cache", string.Join(", ", builtIn.Headers.GetValues("Cache-Control")));
        Assert.Equal(["no-cache"], builtIn.Headers.GetValues("Pragma"));
        Assert.False(builtIn.Headers.Contains("X-Accel-Buffering"));
        Assert.Equal(["identity"], builtIn.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task SseItem_fields_SseGen_writes_event_id_retry_before_data_the_built_in_id_and_retry_after_it()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();

        var sseGen = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.SseGen, "items"));
        var builtIn = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.BuiltIn, "items"));

        // The same events to a parser (TwinSharedTests); only the order of the lines differs.
        Assert.Equal(
            "event: tick\nid: 7\nretry: 1500\ndata: {\"seqNo\":1,\"displayName\":\"one\"}\n\n" +
            "data: {\"seqNo\":2,\"displayName\":\"two\"}\n\n" +
            "event: tock\nid: \ndata: {\"seqNo\":3,\"displayName\":\"three\"}\n\n",
            sseGen);
        Assert.Equal(
            "event: tick\ndata: {\"seqNo\":1,\"displayName\":\"one\"}\nid: 7\nretry: 1500\n\n" +
            "data: {\"seqNo\":2,\"displayName\":\"two\"}\n\n" +
            "event: tock\ndata: {\"seqNo\":3,\"displayName\":\"three\"}\nid: \n\n",
            builtIn);
    }

    [Theory]
    [InlineData("space", "2 two")]
    [InlineData("nul", "2\0two")]
    [InlineData("forged", "2\nevent: injected")]
    public async Task Id_that_is_not_visible_ASCII_SseGen_refuses_it_and_ends_the_stream_the_built_in_writes_it(string kind, string id)
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();
        var path = "odd-ids?kind=" + kind;

        var sseGen = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.SseGen, path));
        var builtIn = await SseClient.ReadRawAsync(client, TwinApp.Path(TwinServer.BuiltIn, path));

        // SseGen: the event before it, then the stream ends; the refusal is logged as an error.
        Assert.Equal("id: 1\ndata: ok\n\n", sseGen);
        var error = Assert.Single(app.Logs.Errors);
        Assert.IsType<SseFormatException>(error.Exception);

        // The built-in: on the wire as it is, and the stream goes on (a forged line break is a new field).
        Assert.Equal("data: ok\nid: 1\n\ndata: x\nid: " + id + "\n\ndata: after\nid: 3\n\n", builtIn);
    }

    [Fact]
    public async Task Exception_before_the_first_item_SseGen_answers_500_ProblemDetails_the_built_in_an_empty_500()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var sseGen = await client.GetAsync(TwinApp.Path(TwinServer.SseGen, "fail-first"), cts.Token);
        using var builtIn = await client.GetAsync(TwinApp.Path(TwinServer.BuiltIn, "fail-first"), cts.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, sseGen.StatusCode);
        Assert.Equal("application/problem+json", sseGen.Content.Headers.ContentType?.MediaType);
        using (var problem = JsonDocument.Parse(await sseGen.Content.ReadAsStringAsync(cts.Token)))
        {
            Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        }

        Assert.Equal(HttpStatusCode.InternalServerError, builtIn.StatusCode);
        Assert.Null(builtIn.Content.Headers.ContentType);
        Assert.Empty(await builtIn.Content.ReadAsByteArrayAsync(cts.Token));
    }

    [Fact]
    public async Task Exception_after_the_first_item_SseGen_ends_the_stream_cleanly_the_built_in_aborts_the_connection()
    {
        await using var app = await TwinApp.StartAsync();
        var client = app.CreateClient();

        var sseGen = await SseClient.ReadEventsAsync(client, TwinApp.Path(TwinServer.SseGen, "fail-after-first"));
        Assert.Equal(["{\"n\":1}"], sseGen.Select(e => e.Data));
        var error = Assert.Single(app.Logs.Errors, e => e.Category == "SseGen");
        Assert.Equal("twin-fail-after-first", error.Exception?.Message);

        // The built-in leaves the exception to the server, which can only cut the started response:
        // a reader sees the body end before its last chunk.
        var cut = await Assert.ThrowsAnyAsync<Exception>(() => SseClient.ReadEventsAsync(client, TwinApp.Path(TwinServer.BuiltIn, "fail-after-first")));
        output.WriteLine($"the built-in's reader: {cut.GetType().Name}: {cut.Message} / {cut.InnerException?.GetType().Name}: {cut.InnerException?.Message}");
        Assert.IsType<HttpIOException>(cut.InnerException ?? cut);
    }

    [Fact]
    public async Task Shutdown_SseGen_fires_the_producers_token_at_once_the_built_in_waits_for_the_hosts_shutdown_timeout()
    {
        foreach (var server in new[] { TwinServer.SseGen, TwinServer.BuiltIn })
        {
            await using var app = await TwinApp.StartAsync();
            using var cts = new CancellationTokenSource(TestServer.Timeout);
            using var response = await SseClient.OpenAsync(app.CreateClient(), TwinApp.Path(server, "waiting"), cts.Token);
            var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            await reader.ReadUntilAsync(t => t.EndsWith("\n\n", StringComparison.Ordinal), TestServer.Timeout);

            var clock = Stopwatch.StartNew();
            var stopping = app.StopAsync();
            var finallyRan = await Task.WhenAny(app.Probe.FinallyRan.Task, Task.Delay(TwinApp.ShutdownTimeout / 2, cts.Token)) == app.Probe.FinallyRan.Task;
            var early = clock.Elapsed;
            await stopping;
            output.WriteLine($"{server}: producer's finally {(finallyRan ? "ran" : "had not run")} {early.TotalMilliseconds:F0} ms into shutdown; the host stopped after {clock.ElapsedMilliseconds} ms (shutdown timeout {TwinApp.ShutdownTimeout.TotalSeconds} s)");

            if (server == TwinServer.SseGen)
            {
                Assert.True(finallyRan, "SseGen's producer was still running half way through the shutdown timeout.");
                Assert.True(clock.Elapsed < TwinApp.ShutdownTimeout, $"The host took {clock.Elapsed} to stop: it waited for the stream.");
                await reader.ReadToEndAsync(TimeSpan.FromSeconds(3));
            }
            else
            {
                Assert.False(finallyRan, "The built-in's producer ended before the host's shutdown timeout.");
                Assert.True(clock.Elapsed >= TwinApp.ShutdownTimeout * 0.9, $"The host stopped after {clock.Elapsed}, before its shutdown timeout.");
            }

            await app.Probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(3));
            Assert.Equal(["token fired"], app.Probe.Timeline);
        }
    }
}
