using System.Diagnostics;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

/// <summary>
/// The shape that once crashed the server, read by a client nobody here wrote: curl reading a long
/// stream from a producer that is ready, ready, …, pending, as fast as it can.
/// </summary>
public sealed class CurlReaderTests(ITestOutputHelper output)
{
    private const int Count = 200_000;

    [Theory]
    [InlineData(64)]
    [InlineData(1024)]
    public async Task Curl_reads_every_event_of_a_producer_that_yields_now_and_then(int every)
    {
        await using var server = await TestServer.StartAsync();
        var url = new Uri(server.BaseAddress, $"/stress/yield-every/{every}?count={Count}");
        var start = new ProcessStartInfo("curl", ["--silent", "--show-error", "--no-buffer", "--max-time", "60", "-H", "Accept: text/event-stream", url.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var clock = Stopwatch.StartNew();
        Process curl;
        try
        {
            curl = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("curl is not installed; this test needs it (`apt-get install -y curl`; .ci/run does this).", ex);
        }

        using (curl)
        {
            var errors = curl.StandardError.ReadToEndAsync();
            var expected = 1;
            var endOfEventDue = false;
            string? line;
            while ((line = await curl.StandardOutput.ReadLineAsync()) is not null)
            {
                // Every event is one data line and the blank line that ends it, nothing else.
                if (endOfEventDue)
                {
                    Assert.True(line.Length == 0, $"Event {expected - 1} was not ended by a blank line: '{line}'.");
                    endOfEventDue = false;
                    continue;
                }

                endOfEventDue = true;
                Assert.StartsWith("data: {\"n\":", line);
                var n = int.Parse(line.AsSpan(11, line.Length - 12), System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(n == expected, $"curl read item {n} where {expected} was due.");
                expected++;
            }

            await curl.WaitForExitAsync();
            output.WriteLine($"curl read {expected - 1} events in {clock.ElapsedMilliseconds} ms; exit code {curl.ExitCode}");
            Assert.True(curl.ExitCode == 0, $"curl exited with {curl.ExitCode}: {await errors}");
            Assert.Equal(Count, expected - 1);
        }

        Assert.True(server.Logs.Errors.Count == 0, "Errors logged:\n" + string.Join('\n', server.Logs.Errors));
    }
}
