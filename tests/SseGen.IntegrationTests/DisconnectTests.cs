using System.Diagnostics;
using System.Net.ServerSentEvents;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public sealed class DisconnectTests(ITestOutputHelper output)
{
    private static readonly TimeSpan OneSecond = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task After_a_client_disconnect_the_producers_finally_runs_within_1s_and_nothing_is_logged_as_error()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(client, "/lifetime/endless", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var read = 0;
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            Assert.Equal($"{{\"n\":{++read}}}", item.Data);
            if (read == 2)
            {
                break;
            }
        }

        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, "The producer ended before the client left.");
        var clock = Stopwatch.StartNew();
        response.Dispose();

        await server.Probe.FinallyRan.Task.WaitAsync(OneSecond);
        output.WriteLine($"finally ran {clock.ElapsedMilliseconds} ms after the disconnect");
        var ended = await server.Logs.WaitForStreamEndAsync();
        Assert.DoesNotContain("failed", ended.Message);
        Assert.True(server.Logs.Errors.Count == 0, "Errors logged:\n" + string.Join('\n', server.Logs.Errors));
        Assert.Equal(1, server.Probe.Invocations);
    }

    [Fact]
    public async Task A_producer_waiting_with_the_token_is_interrupted_by_the_disconnect()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(server.CreateClient(), "/lifetime/waiting", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t.EndsWith("\n\n", StringComparison.Ordinal), TestServer.Timeout);

        response.Dispose();

        await server.Probe.FinallyRan.Task.WaitAsync(OneSecond);
        await server.Logs.WaitForStreamEndAsync();
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task Cancelling_the_clients_pending_read_disconnects_and_the_producers_finally_runs_within_1s()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var readCts = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/lifetime/waiting", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseParser.Create(stream).EnumerateAsync(readCts.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        var next = events.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted, "The second event cannot have arrived: the producer waits on the gate.");

        readCts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TestServer.Timeout));
        await server.Probe.FinallyRan.Task.WaitAsync(OneSecond);
        await server.Logs.WaitForStreamEndAsync();
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task A_producer_that_ignores_the_token_still_has_its_finally_run_once_it_resumes()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(server.CreateClient(), "/lifetime/deaf", cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t.EndsWith("\n\n", StringComparison.Ordinal), TestServer.Timeout);

        response.Dispose();

        // The request ends although the producer is still stuck...
        await server.Logs.WaitForStreamEndAsync();
        Assert.False(server.Probe.FinallyRan.Task.IsCompleted);

        // ...and when it finally moves, it is disposed rather than asked for more.
        server.Probe.Gate.Release();
        await server.Probe.FinallyRan.Task.WaitAsync(OneSecond);
        Assert.Empty(server.Logs.Errors);
    }
}
