using Xunit.Abstractions;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// A client that stops reading but keeps its socket open. Alone because the producer writes as fast
/// as it can until the socket's buffers fill, a core's worth of work that would skew the timing tests.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class TwinWriteTimeoutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long the built-in is watched: six write timeouts. Measured once for 90 s: still held, as
    /// Kestrel's minimum response data rate credits every quickly written byte to later slow ones.
    /// </summary>
    private static readonly TimeSpan Watched = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Stalled_client_SseGen_cuts_it_after_the_write_timeout_and_runs_the_producers_finally()
    {
        var (ended, yielded) = await StallAsync(TwinServer.SseGen, TimeSpan.FromSeconds(5));

        Assert.True(ended, "SseGen's producer was still running 5 s after its client stopped reading.");
        output.WriteLine($"SseGen: {yielded} items made before the write stalled");
    }

    [Fact]
    public async Task Stalled_client_the_built_in_is_still_writing_to_it_seconds_later()
    {
        var (ended, yielded) = await StallAsync(TwinServer.BuiltIn, Watched);

        Assert.False(ended, $"The built-in's producer ended within {Watched} of its client's stall.");
        output.WriteLine($"built-in: {yielded} items made, still waiting to write after {Watched.TotalSeconds} s");
    }

    private static async Task<(bool Ended, int Yielded)> StallAsync(TwinServer server, TimeSpan watch)
    {
        await using var app = await TwinApp.StartAsync(sse: o => o.WriteTimeout = WriteTimeout);
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(app.CreateClient(), TwinApp.Path(server, "firehose"), cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await stream.ReadExactlyAsync(new byte[4096], cts.Token);

        // The client now reads nothing and keeps the connection open.
        var finallyRan = app.Probe.FinallyRan.Task;
        var ended = await Task.WhenAny(finallyRan, Task.Delay(watch, cts.Token)) == finallyRan;
        return (ended, app.Probe.Yielded);
    }
}
