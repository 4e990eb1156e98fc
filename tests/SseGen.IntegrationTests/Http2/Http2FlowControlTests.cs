using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Http2;

/// <summary>
/// On HTTP/2 a reader that stops reading one stream stops only that stream: its flow-control window
/// (65,535 bytes, the least a .NET client allows) fills and the server's write waits. SseGen's write
/// timeout (on the app's clock, a <see cref="FakeTimeProvider"/> here) then resets that stream and
/// runs its producer's <c>finally</c>, while the streams beside it on the same connection flow on.
/// </summary>
/// <remarks>
/// .NET's dynamic window sizing (<c>System.Net.SocketsHttpHandler.Http2FlowControl.DisableDynamicWindowSizing</c>)
/// can stay on: it only grows a window in the updates it sends as the app reads, and this stream is never read.
/// </remarks>
public sealed class Http2FlowControlTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    // With the default keep-alive (15 s) the app's clock ticks every eighth of the write timeout.
    private static readonly TimeSpan Period = WriteTimeout / 8;

    [Theory]
    [InlineData(Http2Transport.H2c)]
    [InlineData(Http2Transport.Tls)]
    public async Task A_stream_nobody_reads_is_reset_by_the_write_timeout_while_the_others_on_its_connection_flow(Http2Transport transport)
    {
        var time = new FakeTimeProvider();
        await using var server = await Http2Server.StartAsync(transport, services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.Configure<SseOptions>(o => o.WriteTimeout = WriteTimeout);
        });
        using var client = Http2Server.CreateClient(server, streamWindow: 65_535);
        var streams = server.Streams();
        await using var a = await Http2Reader.OpenAsync(client, "/h2/ticks/a");
        await using var stalled = await Http2Reader.OpenAsync(client, "/h2/firehose/stalled", read: false);
        await using var b = await Http2Reader.OpenAsync(client, "/h2/ticks/b");
        await WaitUntilStalledAsync(streams["stalled"]);
        output.WriteLine($"the firehose made {streams["stalled"].Yielded} items of 1 KB before its write waited");
        Assert.Equal(streams["a"].ConnectionId, streams["stalled"].ConnectionId);
        Assert.Equal(streams["a"].ConnectionId, streams["b"].ConnectionId);

        // A full window on one stream holds back none of the others.
        await a.WaitForMoreAsync(10, "a stream beside the stalled one");
        await b.WaitForMoreAsync(10, "a stream beside the stalled one");

        for (var tick = 1; tick < 8; tick++)
        {
            time.Advance(Period);
        }

        await Task.Delay(150);
        Assert.False(streams["stalled"].Finally.Task.IsCompleted, "The stalled stream was cut before the write timeout.");
        time.Advance(Period);
        var finallyRan = streams["stalled"].Finally.Task;
        Assert.True(await Task.WhenAny(finallyRan, Task.Delay(TimeSpan.FromSeconds(5))) == finallyRan, "The stalled stream's producer did not end within 5 s of the write timeout:\n" + server.Logs.Dump());

        var ended = await server.Logs.WaitForAsync(e => e.Category == "SseGen" && e.Message.Contains("Http2Endpoints.Firehose ended: ", StringComparison.Ordinal));
        Assert.Contains("write_timeout", ended.Message);

        // The server reset that one stream; the connection goes on.
        var stalledId = streams["stalled"].StreamId;
        var frames = await WaitForFrameAsync(server, $"sending RST_STREAM frame for stream ID {stalledId} ");
        Assert.DoesNotContain(frames, m => m.Contains("GOAWAY", StringComparison.Ordinal));
        output.WriteLine(string.Join('\n', server.Logs.Entries.Where(e => e.Message.Contains(streams["stalled"].TraceIdentifier!, StringComparison.Ordinal) || e.Message.Contains($"RST_STREAM frame for stream ID {stalledId} ", StringComparison.Ordinal))));
        Assert.All(["a", "b"], name => Assert.False(streams[name].Finally.Task.IsCompleted, $"{name}'s producer ended with the stalled stream"));
        await a.WaitForMoreAsync(10, "a stream beside the one the write timeout reset");
        await b.WaitForMoreAsync(10, "a stream beside the one the write timeout reset");
        await using var next = await Http2Reader.OpenAsync(client, "/h2/ticks/next");
        await next.WaitForMoreAsync(3, "a stream opened after the reset");
        Assert.Equal(streams["a"].ConnectionId, streams["next"].ConnectionId);
        Assert.Empty(server.Logs.Errors);
    }

    private static async Task<List<string>> WaitForFrameAsync(TestServer server, string text)
    {
        await server.Logs.WaitForAsync(e => e.Category == Http2Server.FrameLogCategory && e.Message.Contains(text, StringComparison.Ordinal));
        return server.Logs.Entries.Where(e => e.Category == Http2Server.FrameLogCategory).Select(e => e.Message).ToList();
    }

    /// <summary>Waits until the producer has made nothing for a while: its write waits for the client's window.</summary>
    private static async Task WaitUntilStalledAsync(Http2StreamRecord stream)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var last = -1;
        while (stream.Yielded != last || last == 0)
        {
            last = stream.Yielded;
            await Task.Delay(200, cts.Token);
        }
    }
}
