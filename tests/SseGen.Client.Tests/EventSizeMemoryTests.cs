namespace SseGen.Client.Tests;

/// <summary>What an endless event costs the client's heap: measured on the whole process, so alone.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class EventSizeMemoryTests
{
    [Fact]
    public async Task An_event_that_never_ends_ends_the_stream_with_an_exception_naming_the_limit_and_holds_memory_near_the_limit()
    {
        // `data: ` and 64 MiB with no line break: without the limit the parser would buffer all of it (and a 256 MiB one
        // took a client to 1.2 GB), then reconnect and do it again.
        await using var server = MisbehavingServer.EndlessLine(64L * 1024 * 1024);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        GC.Collect();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var e = await Assert.ThrowsAsync<SseProtocolException>(async () =>
        {
            await foreach (var _ in client.ReadSseTextAsync("/s", Fast.Retry, cts.Token))
            {
            }
        });
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        Assert.Equal(SseProtocolError.EventTooLarge, e.Error);
        Assert.Contains("1048576 bytes", e.Message, StringComparison.Ordinal);
        Assert.Contains("MaxEventSize", e.Message, StringComparison.Ordinal);
        Assert.Equal("/s", e.RequestUri);
        Assert.Single(server.Requests); // not retried: a resume would meet the same event
        // The parser's line buffer grows by doubling to about the limit: a few MiB in all, whatever the server sends.
        Assert.True(allocated < 16L * 1024 * 1024, $"Reading up to the 1 MiB limit allocated {allocated / 1048576.0:0.0} MiB.");
    }
}
