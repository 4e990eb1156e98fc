using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace SseGen.IntegrationTests.Broadcast;

public sealed class MetricsTests
{
    private const string Meter = "SseGen";

    private static async Task WaitAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, "Waited for " + what);
            await Task.Delay(10);
        }
    }

    private static long Sum(MetricCollector<long> collector, string endpoint, string? reason = null) =>
        collector.GetMeasurementSnapshot()
            .Where(m => Equals(m.Tags["ssegen.endpoint"], endpoint) && (reason is null || Equals(m.Tags["ssegen.reason"], reason)))
            .Sum(m => m.Value);

    [Fact]
    public async Task A_stream_is_counted_open_then_ended_with_its_events_bytes_duration_and_reason()
    {
        await using var server = await TestServer.StartAsync();
        var factory = server.App.Services.GetRequiredService<IMeterFactory>();
        using var open = new MetricCollector<long>(factory, Meter, "ssegen.streams.open");
        using var events = new MetricCollector<long>(factory, Meter, "ssegen.events.sent");
        using var bytes = new MetricCollector<long>(factory, Meter, "ssegen.bytes.sent");
        using var ended = new MetricCollector<long>(factory, Meter, "ssegen.streams.ended");
        using var duration = new MetricCollector<double>(factory, Meter, "ssegen.stream.duration");
        var channel = server.App.Services.GetRequiredService<SseChannels<Seq>>().Get("metered");
        const string endpoint = "BroadcastEndpoints.Seqs";

        var reader = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/metered");
        await WaitAsync(() => channel.SubscriberCount == 1, "the subscriber");
        Assert.Equal(1, Sum(open, endpoint));
        for (var n = 1; n <= 3; n++)
        {
            channel.Publish(new Seq(n));
        }

        await reader.WaitForAsync(e => e.Count == 3, "3 events");
        await WaitAsync(() => Sum(events, endpoint) == 3, "3 events counted");
        Assert.True(Sum(bytes, endpoint) >= 3 * "id: 1-1\ndata: {\"n\":1}\n\n".Length, "Fewer bytes counted than the three events hold.");

        await reader.DisposeAsync();
        await WaitAsync(() => Sum(ended, endpoint) == 1, "the stream's end");
        await WaitAsync(() => duration.GetMeasurementSnapshot().Any(m => Equals(m.Tags["ssegen.endpoint"], endpoint)), "the stream's duration");
        Assert.Equal(1, Sum(ended, endpoint, "client_gone"));
        Assert.Equal(0, Sum(open, endpoint));
        var recorded = Assert.Single(duration.GetMeasurementSnapshot(), m => Equals(m.Tags["ssegen.endpoint"], endpoint));
        Assert.InRange(recorded.Value, 0, TestServer.Timeout.TotalSeconds);
        Assert.Equal("client_gone", recorded.Tags["ssegen.reason"]);
    }

    [Fact]
    public async Task A_request_over_the_limit_is_counted_as_ended_by_the_limit()
    {
        await using var server = await TestServer.StartAsync();
        var factory = server.App.Services.GetRequiredService<IMeterFactory>();
        using var ended = new MetricCollector<long>(factory, Meter, "ssegen.streams.ended");
        var client = server.CreateClient();
        await using var first = await LiveReader.OpenAsync(client, "/broadcast/limited");
        await using var second = await LiveReader.OpenAsync(client, "/broadcast/limited");
        using var refused = await SseClient.OpenAsync(client, "/broadcast/limited", CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(1, Sum(ended, "BroadcastEndpoints.Limited", "limit"));
    }

    [Fact]
    public async Task Events_a_slow_subscriber_loses_are_counted_per_policy()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.AddSseChannels(WebJson.Info<Note>(), o => { o.SubscriberQueueLength = 2; o.HistoryLength = 0; }));
        var factory = server.App.Services.GetRequiredService<IMeterFactory>();
        using var dropped = new MetricCollector<long>(factory, Meter, "ssegen.events.dropped");
        var channel = server.App.Services.GetRequiredService<SseChannels<Note>>().Get("notes");
        await using var slow = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/notes", read: false);
        await WaitAsync(() => channel.SubscriberCount == 1, "the subscriber");
        var text = new string('x', 64 * 1024);
        for (var n = 0; n < 300; n++)
        {
            channel.Publish(new Note(text));
        }

        slow.StartReading();
        await slow.WaitForAsync(e => e.Any(x => x.EventType == SseChannelEvents.Missed), "a missed event");
        long Told() => slow.Events.Where(e => e.EventType == SseChannelEvents.Missed)
            .Sum(e => System.Text.Json.JsonDocument.Parse(e.Data).RootElement.GetProperty("missed").GetInt64());
        long Counted() => dropped.GetMeasurementSnapshot().Where(m => Equals(m.Tags["ssegen.policy"], "drop-oldest")).Sum(m => m.Value);
        await WaitAsync(() => Told() == Counted(), "the client to be told of every counted drop");
        var counted = Counted();
        Assert.True(counted > 0, "No drop was counted.");
        Assert.Equal(counted, Told());
    }
}
