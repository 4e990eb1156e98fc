using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SseGen.IntegrationTests;

public static class ErrorEndpoints
{
    /// <summary>Throws before its first item, but only after it had to wait: the stream was open by then.</summary>
    [SseEndpoint("/errors/before-first")]
    public static async IAsyncEnumerable<Seq> BeforeFirst(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            throw new InvalidOperationException("secret-before-first");
#pragma warning disable CS0162 // Unreachable: the iterator needs a yield to be one.
            yield break;
#pragma warning restore CS0162
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }

    [SseEndpoint("/errors/sync-before-first")]
    public static async IAsyncEnumerable<string> SyncBeforeFirst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException("secret-sync");
        }

        await Task.Yield();
        yield return "never";
    }

    [SseEndpoint("/errors/after-first")]
    public static async IAsyncEnumerable<Seq> AfterFirst(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new Seq(1);
            await Task.Yield();
            yield return new Seq(2);
            throw new InvalidOperationException("boom-after-two");
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }
}

public sealed class ErrorTests
{
    [Fact]
    public async Task An_exception_thrown_synchronously_before_the_first_item_gets_500_problem_details_and_no_stream()
    {
        const string path = "/errors/sync-before-first", message = "secret-sync";
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync(path, cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("X-Accel-Buffering"));
        using var json = JsonDocument.Parse(body);
        Assert.Equal(500, json.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain(message, body);
        var error = Assert.Single(server.Logs.Errors);
        Assert.Equal("SseGen", error.Category);
        Assert.Equal(message, error.Exception?.Message);
    }

    [Fact]
    public async Task An_exception_after_the_producer_first_waited_ends_the_open_stream_without_events_and_is_logged_once()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        // The headers went out when the producer first waited, so the status can no longer be 500.
        using var response = await server.CreateClient().GetAsync("/errors/before-first", cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(string.Empty, body);
        await server.Probe.FinallyRan.Task.WaitAsync(TestServer.Timeout);
        var error = Assert.Single(server.Logs.Errors);
        Assert.Equal("secret-before-first", error.Exception?.Message);
        Assert.Contains("after 0 events", error.Message);
    }

    [Fact]
    public async Task An_exception_after_the_first_item_ends_the_stream_after_the_items_before_it_and_is_logged_once()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/errors/after-first");

        Assert.Equal("data: {\"n\":1}\n\ndata: {\"n\":2}\n\n", raw);
        Assert.True(server.Probe.FinallyRan.Task.IsCompleted);
        var ended = await server.Logs.WaitForStreamEndAsync();
        Assert.Contains("failed", ended.Message);
        var error = Assert.Single(server.Logs.Errors);
        Assert.Equal("SseGen", error.Category);
        Assert.Equal("boom-after-two", error.Exception?.Message);
        Assert.Contains("after 2 events", error.Message);
    }

    [Fact]
    public async Task The_events_before_a_failure_reach_an_sse_parser_and_the_stream_ends()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/errors/after-first");

        Assert.Equal(["{\"n\":1}", "{\"n\":2}"], events.Select(e => e.Data));
        Assert.Single(server.Logs.Errors);
    }
}
