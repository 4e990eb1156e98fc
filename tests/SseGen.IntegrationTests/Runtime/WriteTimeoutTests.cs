using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class StallEndpoints
{
    /// <summary>Always ready with 1 KB items: only the client's reading can hold it back.</summary>
    [SseEndpoint("/stall/firehose")]
    public static async IAsyncEnumerable<Note> Firehose(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        var text = new string('x', 1000);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                probe.YieldedOne();
                yield return new Note(text);
            }
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }
}

/// <summary>
/// A client that stops reading but keeps its socket open (a raw socket that never reads) is let go
/// after the write timeout of the app's clock, a <see cref="FakeTimeProvider"/> here: not a tick
/// before, and a client that only pauses is never cut, however long it reads in all.
/// </summary>
public sealed class WriteTimeoutTests(ITestOutputHelper output)
{
    // With the default keep-alive (15 s), the clock ticks every eighth of the write timeout: 1.25 s.
    // Longer than the test's real waits, so a clock that ignored the app's TimeProvider would show.
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Period = WriteTimeout / 8;

    // How long a negative check gives the server to do what it must not: it reacts in microseconds.
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_on_the_tick_that_reaches_the_write_timeout_and_the_producers_finally_runs()
    {
        var (server, time) = await StartAsync(WriteTimeout);
        await using var _ = server;
        using var socket = await OpenFirehoseAsync(server);
        await WaitUntilStalledAsync(server.Probe);

        for (var tick = 1; tick < 8; tick++)
        {
            time.Advance(Period);
        }

        await Task.Delay(Quiet);
        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, $"The stream was cut {WriteTimeout - Period} into a stalled write, before the write timeout ({WriteTimeout}).");
        time.Advance(Period);
        var finallyRan = server.Probe.FinallyRan.Task;
        Assert.True(await Task.WhenAny(finallyRan, Task.Delay(TimeSpan.FromSeconds(5))) == finallyRan, $"The stalled stream was not cut within 5 s of the tick that reached the write timeout ({WriteTimeout}) on the app's clock.");

        output.WriteLine($"producer made {server.Probe.Yielded} items of 1 KB before its write stalled");
        var ended = await server.Logs.WaitForStreamEndAsync();
        Assert.Contains("write_timeout", ended.Message);
        var cut = Assert.Single(server.Logs.Entries, e => e.Category == "SseGen" && e.Level == LogLevel.Information);
        Assert.Contains("StallEndpoints.Firehose", cut.Message);
        Assert.Contains("write timeout (00:00:10)", cut.Message);
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task A_client_that_pauses_for_less_than_the_write_timeout_is_never_cut_however_long_it_reads()
    {
        var (server, time) = await StartAsync(WriteTimeout);
        await using var _ = server;
        using var socket = await OpenFirehoseAsync(server);

        // Five pauses of three ticks (3.75 s, under the 10 s timeout): 18.75 s of stalled writes in all.
        var buffer = new byte[64 * 1024];
        long read = 0;
        for (var pause = 0; pause < 5; pause++)
        {
            await WaitUntilStalledAsync(server.Probe);
            for (var tick = 0; tick < 3; tick++)
            {
                time.Advance(Period);
            }

            await Task.Delay(Quiet);
            Assert.False(server.Probe.FinallyRan.Task.IsCompleted, $"Cut in pause {pause + 1}, although no write waited longer than 3.75 s:\n" + server.Logs.Dump());
            var yielded = server.Probe.Yielded;
            while (server.Probe.Yielded < yielded + 100)
            {
                read += await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TestServer.Timeout);
            }
        }

        output.WriteLine($"read {read / 1024} KiB around 5 pauses of 3.75 s of the app's clock");
        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, "A client that kept reading was cut off:\n" + server.Logs.Dump());
    }

    [Fact]
    public async Task With_the_write_timeout_off_a_stalled_client_is_kept()
    {
        var (server, time) = await StartAsync(Timeout.InfiniteTimeSpan);
        await using var _ = server;
        using var socket = await OpenFirehoseAsync(server);
        await WaitUntilStalledAsync(server.Probe);

        for (var minute = 0; minute < 10; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
        }

        await Task.Delay(Quiet);
        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, "The stream ended although the write timeout is off.");
    }

    private static async Task<(TestServer Server, FakeTimeProvider Time)> StartAsync(TimeSpan writeTimeout)
    {
        var time = new FakeTimeProvider();
        var server = await TestServer.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.Configure<SseOptions>(o => o.WriteTimeout = writeTimeout);
        });
        return (server, time);
    }

    /// <summary>Opens the firehose on a raw socket with a small receive buffer, and reads until its first event arrived.</summary>
    private static async Task<Socket> OpenFirehoseAsync(TestServer server)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.BaseAddress.Port));
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /stall/firehose HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"));
        var buffer = new byte[4096];
        var received = new StringBuilder();
        while (!received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            var count = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TestServer.Timeout);
            Assert.True(count > 0, "The server closed the stream: " + received);
            received.Append(Encoding.ASCII.GetString(buffer, 0, count));
        }

        return socket;
    }

    /// <summary>Waits until the producer has made nothing for a while: its write is waiting for the client.</summary>
    private static async Task WaitUntilStalledAsync(ScenarioProbe probe)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var last = -1;
        while (probe.Yielded != last)
        {
            last = probe.Yielded;
            await Task.Delay(200, cts.Token);
        }
    }
}
