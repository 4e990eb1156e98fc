using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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

/// <summary>A client that stops reading but keeps its socket open is let go after the write timeout.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class WriteTimeoutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_client_that_stops_reading_is_cut_after_the_write_timeout_and_the_producers_finally_runs()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.WriteTimeout = WriteTimeout));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/stall/firehose", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await stream.ReadExactlyAsync(new byte[4096], cts.Token);

        // The client now reads nothing and keeps the connection: only the write timeout can end it.
        await server.Probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(5));

        var yielded = server.Probe.Yielded;
        output.WriteLine($"producer made {yielded} items ({yielded / 1024} MiB or so) before its write stalled");
        var ended = await server.Logs.WaitForStreamEndAsync();
        Assert.Contains("write_timeout", ended.Message);
        var cut = Assert.Single(server.Logs.Entries, e => e.Category == "SseGen" && e.Level == LogLevel.Information);
        Assert.Contains("StallEndpoints.Firehose", cut.Message);
        Assert.Contains("write timeout", cut.Message);
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task A_client_that_pauses_for_less_than_the_write_timeout_is_not_cut()
    {
        var writeTimeout = TimeSpan.FromSeconds(1);
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.WriteTimeout = writeTimeout));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/stall/firehose", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);

        // Read at full speed for a moment, then pause for 40% of the timeout, a few times over:
        // the server's writes wait, but never for the whole timeout.
        var buffer = new byte[64 * 1024];
        long read = 0;
        for (var round = 0; round < 5; round++)
        {
            var burst = DateTime.UtcNow + TimeSpan.FromMilliseconds(100);
            while (DateTime.UtcNow < burst)
            {
                read += await stream.ReadAsync(buffer, cts.Token);
            }

            await Task.Delay(writeTimeout * 0.4, cts.Token);
        }

        output.WriteLine($"read {read / 1024} KiB in 5 rounds of 100 ms reading and 400 ms pausing");
        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, "A client that kept reading was cut off:\n" + server.Logs.Dump());
    }

    [Fact]
    public async Task With_the_write_timeout_off_a_stalled_client_is_kept()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.WriteTimeout = Timeout.InfiniteTimeSpan));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/stall/firehose", cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await stream.ReadExactlyAsync(new byte[4096], cts.Token);

        await Task.Delay(WriteTimeout * 3, cts.Token);

        Assert.False(server.Probe.FinallyRan.Task.IsCompleted, "The stream ended although the write timeout is off.");
    }
}
