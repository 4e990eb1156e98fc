using System.Diagnostics;
using System.Net.ServerSentEvents;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public sealed class ShutdownTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("/lifetime/endless")]
    [InlineData("/lifetime/waiting")]
    public async Task StopAsync_ends_open_streams_within_1s(string path)
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), path, cts.Token);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        await using var events = SseParser.Create(stream).EnumerateAsync(cts.Token).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());
        Assert.Equal("{\"n\":1}", events.Current.Data);

        var clock = Stopwatch.StartNew();
        // Timed where it happens, not when the test gets round to looking.
        var finallyAt = server.Probe.FinallyRan.Task.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        await server.StopAsync();
        var stopped = clock.Elapsed;

        // The client's read ends: no more events, then the end of the stream.
        var readEnded = Task.Run(async () =>
        {
            var more = 0;
            try
            {
                while (await events.MoveNextAsync())
                {
                    more++;
                }
            }
            catch (IOException)
            {
                // A connection closed under the reader also ends the read.
            }
            catch (HttpRequestException)
            {
            }

            return more;
        });
        // The client learns of the end when Kestrel closes the connection, which during shutdown can
        // wait for its once-a-second heartbeat: measured up to 0.9 s after the server side was done.
        await readEnded.WaitAsync(TimeSpan.FromSeconds(2));
        var readEndedAfter = clock.Elapsed;

        // The request may end a moment before a producer that was awaiting observes the token.
        var finallyRanAfter = await finallyAt.WaitAsync(TimeSpan.FromSeconds(1));
        output.WriteLine($"StopAsync took {stopped.TotalMilliseconds:F0} ms; the producer's finally ran after {finallyRanAfter.TotalMilliseconds:F0} ms; the client's read ended after {readEndedAfter.TotalMilliseconds:F0} ms");

        Assert.True(stopped < TimeSpan.FromSeconds(1), $"StopAsync took {stopped}.");
        Assert.True(finallyRanAfter < TimeSpan.FromSeconds(1), $"The producer finished {finallyRanAfter} after StopAsync began.");
        Assert.Empty(server.Logs.Errors);
    }
}
