using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace SseGen.IntegrationTests;

public static class OpenAtOnceEndpoints
{
    /// <summary>Nothing to send until the test opens the gate.</summary>
    [SseEndpoint("/open/quiet")]
    public static async IAsyncEnumerable<Seq> Quiet(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await probe.Gate.WaitAsync(cancellationToken);
        yield return new Seq(1);
    }

    /// <summary>Ends without an item and without ever waiting.</summary>
    [SseEndpoint("/open/nothing")]
    public static async IAsyncEnumerable<Seq> Nothing([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
            yield return new Seq(0);
        }
    }

    /// <summary>Ends without an item, after waiting once: by then the stream was open.</summary>
    [SseEndpoint("/open/nothing-after-wait")]
    public static async IAsyncEnumerable<Seq> NothingAfterWait([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(50, cancellationToken);
        if (cancellationToken.IsCancellationRequested)
        {
            yield return new Seq(0);
        }
    }
}

public sealed class OpenAtOnceTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_quiet_stream_sends_its_status_headers_and_retry_at_once()
    {
        // The default keep-alive (15 s): the headers must not wait for it.
        await using var server = await TestServer.StartAsync(services =>
            services.Configure<SseOptions>(o => o.ReconnectionInterval = TimeSpan.FromSeconds(3)));
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var clock = Stopwatch.StartNew();

        using var response = await SseClient.OpenAsync(server.CreateClient(), "/open/quiet", cts.Token);
        var headersAfter = clock.Elapsed;
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t == "retry: 3000\n\n", TimeSpan.FromSeconds(2));
        var retryAfter = clock.Elapsed;
        output.WriteLine($"headers after {headersAfter.TotalMilliseconds:F0} ms, retry after {retryAfter.TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(headersAfter < TimeSpan.FromSeconds(2), $"The headers took {headersAfter} for a stream with nothing to send yet.");

        server.Probe.Gate.Release();
        await reader.ReadToEndAsync(TestServer.Timeout);
        Assert.Equal("retry: 3000\n\ndata: {\"n\":1}\n\n", reader.Text);
    }

    [Fact]
    public async Task A_stream_that_ends_before_anything_was_sent_answers_204_so_EventSource_stops_reconnecting()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync("/open/nothing", cts.Token);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(cts.Token));
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task A_stream_that_ends_without_items_after_it_had_opened_is_an_empty_200_stream()
    {
        await using var server = await TestServer.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await server.CreateClient().GetAsync("/open/nothing-after-wait", cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(cts.Token));
    }
}
