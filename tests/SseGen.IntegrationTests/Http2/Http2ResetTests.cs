using Microsoft.Extensions.Logging;

namespace SseGen.IntegrationTests.Http2;

/// <summary>
/// On HTTP/2 a client that gives up one stream resets that stream (RST_STREAM) and keeps the
/// connection: the reset ends that stream's producer (its <c>finally</c> runs) and nothing else.
/// </summary>
public sealed class Http2ResetTests
{
    [Theory]
    [InlineData(Http2Transport.H2c)]
    [InlineData(Http2Transport.Tls)]
    public async Task A_reset_stream_runs_its_producers_finally_while_the_connections_other_streams_go_on(Http2Transport transport)
    {
        await using var server = await Http2Server.StartAsync(transport);
        using var client = Http2Server.CreateClient(server);
        var streams = server.Streams();
        await using var a = await Http2Reader.OpenAsync(client, "/h2/ticks/a");
        await using var b = await Http2Reader.OpenAsync(client, "/h2/ticks/b");
        await using var c = await Http2Reader.OpenAsync(client, "/h2/ticks/c");
        var reset = await Http2Reader.OpenAsync(client, "/h2/ticks/reset");
        foreach (var reader in new[] { a, b, c, reset })
        {
            await reader.WaitForMoreAsync(3, "a stream's first events");
        }

        var connection = streams["a"].ConnectionId;
        Assert.All(["a", "b", "c", "reset"], name =>
        {
            Assert.Equal("HTTP/2", streams[name].Protocol);
            Assert.Equal(connection, streams[name].ConnectionId);
        });

        // Cancelling the read of an unfinished HTTP/2 response resets its stream.
        await reset.DisposeAsync();
        var finallyRan = streams["reset"].Finally.Task;
        Assert.True(await Task.WhenAny(finallyRan, Task.Delay(TestServer.Timeout)) == finallyRan, "The reset stream's producer never ran its finally:\n" + server.Logs.Dump());
        var ended = await server.Logs.WaitForAsync(e => e.Category == "SseGen" && e.Message.Contains("Http2Endpoints.Ticks ended: ", StringComparison.Ordinal));
        Assert.Contains("client_gone", ended.Message);

        // What reached the server was a reset of that one stream, not the connection's end.
        var resetId = streams["reset"].StreamId;
        var frames = server.Logs.Entries.Where(e => e.Category == Http2Server.FrameLogCategory).Select(e => e.Message).ToList();
        Assert.Contains(frames, m => m.Contains($"received RST_STREAM frame for stream ID {resetId} ", StringComparison.Ordinal));
        Assert.DoesNotContain(frames, m => m.Contains("GOAWAY", StringComparison.Ordinal));

        foreach (var reader in new[] { a, b, c })
        {
            await reader.WaitForMoreAsync(10, "a stream beside the reset one");
        }

        Assert.All(["a", "b", "c"], name => Assert.False(streams[name].Finally.Task.IsCompleted, $"{name}'s producer ended with the reset of another stream"));

        // The connection is still there: the next stream opens on it.
        await using var next = await Http2Reader.OpenAsync(client, "/h2/ticks/next");
        await next.WaitForMoreAsync(3, "a stream opened after the reset");
        Assert.Equal(connection, streams["next"].ConnectionId);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }
}
