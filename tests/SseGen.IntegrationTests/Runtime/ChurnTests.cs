using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class ChurnEndpoints
{
    /// <summary>Endless; paced, or busy writing (then a client that leaves does so mid-write).</summary>
    [SseEndpoint("/churn/{mode}")]
    public static async IAsyncEnumerable<Seq> Endless(string mode, ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.StreamOpened();
        try
        {
            for (var n = 1; ; n++)
            {
                yield return new Seq(n);
                if (mode != "busy")
                {
                    await Task.Delay(5, cancellationToken);
                }
                else if (n % 64 == 0)
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            probe.StreamClosed();
        }
    }
}

/// <summary>Clients that vanish abruptly (a TCP reset) by the thousand leave nothing behind.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class ChurnTests(ITestOutputHelper output)
{
    private const int Disconnects = 10_000;
    private const int Concurrency = 16;

    [Fact]
    public async Task Ten_thousand_abrupt_disconnects_run_every_finally_and_leave_no_stream_and_no_heap_behind()
    {
        // Warnings only: a log that keeps every Debug entry of 10,000 streams would be the heap growth measured.
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<LoggerFilterOptions>(o => o.MinLevel = LogLevel.Warning));
        var endpoint = new IPEndPoint(IPAddress.Loopback, server.BaseAddress.Port);
        // Warm up until pools (Kestrel's memory, the thread pool, connection ids) have grown to their working size.
        await ChurnAsync(endpoint, 1_000, CancellationToken.None);
        await WaitForAsync(() => server.Probe.OpenStreams == 0, "warm-up streams to close");
        var before = SettledHeap();
        var closedBefore = server.Probe.ClosedStreams;
        var clock = Stopwatch.StartNew();

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await ChurnAsync(endpoint, Disconnects, cts.Token);
        await WaitForAsync(() => server.Probe.ClosedStreams - closedBefore == Disconnects && server.Probe.OpenStreams == 0, "every finally to run");
        var elapsed = clock.Elapsed;
        var growth = SettledHeap() - before;

        output.WriteLine($"{Disconnects} abrupt disconnects, {Concurrency} at a time, in {elapsed.TotalSeconds:F1} s; managed heap growth {growth / 1024.0:F0} KiB; {server.Logs.Entries.Count} log entries kept");
        Assert.Equal(0, server.Probe.OpenStreams);
        Assert.True(growth < 2 * 1024 * 1024, $"The managed heap grew by {growth / 1024} KiB over {Disconnects} disconnects.");
        Assert.True(server.Logs.Errors.Count == 0, "Errors logged:\n" + string.Join('\n', server.Logs.Errors.Take(5)));
    }

    private static async Task ChurnAsync(IPEndPoint endpoint, int count, CancellationToken cancellationToken)
    {
        var next = 0;
        var workers = Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) <= count)
            {
                await OpenReadAndResetAsync(endpoint, i % 2 == 0 ? "/churn/busy" : "/churn/paced", cancellationToken);
            }
        });
        await Task.WhenAll(workers);
    }

    /// <summary>Opens a stream, reads until its first event arrived, then resets the connection.</summary>
    private static async Task OpenReadAndResetAsync(IPEndPoint endpoint, string path, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(endpoint, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"), cancellationToken);
        var buffer = new byte[1024];
        var received = new StringBuilder();
        while (!received.ToString().Contains("data: ", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The server closed the stream: " + received);
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        // Linger 0: close with a reset, as a crashed client or a dropped network does.
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TestServer.Timeout, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    /// <summary>
    /// The managed heap after full blocking collections, without the pinned-object heap: Kestrel's
    /// buffer pool lives there, sized by how many connections are busy at once, not by how many
    /// came and went.
    /// </summary>
    private static long SettledHeap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        long total = 0;
        for (var generation = 0; generation < info.GenerationInfo.Length; generation++)
        {
            // 0-2: the generations, 3: the large-object heap, 4: the pinned-object heap.
            if (generation != 4)
            {
                total += info.GenerationInfo[generation].SizeAfterBytes - info.GenerationInfo[generation].FragmentationAfterBytes;
            }
        }

        return total;
    }
}

