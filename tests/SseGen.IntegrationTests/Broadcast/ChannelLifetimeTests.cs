using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static SseGen.IntegrationTests.Broadcast.ChannelTestHelpers;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>
/// Channels on a real Kestrel, with the app's clock a <see cref="FakeTimeProvider"/>: a channel
/// nobody uses is removed (and its name works again), a stale reference still reaches the live
/// channel, the cap answers 503 with Retry-After, an idle channel keeps its history for resumes
/// within its idle lifetime, and no client text reaches a frame.
/// </summary>
public sealed class ChannelLifetimeTests
{
    private static async Task<(TestServer Server, FakeTimeProvider Time)> StartAsync(Action<SseChannelOptions>? configure = null)
    {
        var time = new FakeTimeProvider();
        var server = await TestServer.StartAsync(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddSseChannels(WebJson.Info<Seq>(), configure);
        });
        return (server, time);
    }

    private static SseChannels<Seq> Channels(TestServer server) => server.App.Services.GetRequiredService<SseChannels<Seq>>();

    [Fact]
    public async Task A_channel_everyone_left_is_removed_and_its_name_works_again_as_a_new_channel()
    {
        var (server, time) = await StartAsync();
        await using var _ = server;
        var client = server.CreateClient();
        var first = Channels(server).Get("reuse");
        string lastSeen;
        await using (var reader = await LiveReader.OpenAsync(client, "/broadcast/seq/reuse"))
        {
            await WaitForAsync(() => first.SubscriberCount == 1, "the subscriber");
            first.Publish(new Seq(1));
            await reader.WaitForAsync(e => e.Count == 1, "the event");
            lastSeen = reader.LastEventId!;
        }

        // Its one event is kept for resumes for the idle lifetime, then the channel goes.
        await WaitForAsync(() => first.SubscriberCount == 0, "the stream to leave");
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Same(first, Channels(server).Get("reuse"));
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));
        var second = Channels(server).Get("reuse");
        Assert.NotSame(first, second);

        await using var again = await LiveReader.OpenAsync(client, "/broadcast/seq/reuse", lastSeen);
        await again.WaitForAsync(e => e.Count == 1, "the reset of the new channel");
        Assert.Equal(SseChannelEvents.Reset, again.Events[0].EventType);
        second.Publish(new Seq(2));
        await again.WaitForAsync(e => e.Count == 2, "an event of the new channel");
        Assert.Equal(2, N(again.Events[1].Data));
    }

    [Fact]
    public async Task A_stale_channel_reference_publishes_to_the_subscribers_of_the_live_channel()
    {
        var (server, time) = await StartAsync();
        await using var _ = server;
        var stale = Channels(server).Get("stale");
        time.Advance(TimeSpan.FromSeconds(3));

        await using var reader = await LiveReader.OpenAsync(server.CreateClient(), "/broadcast/seq/stale");
        var live = Channels(server).Get("stale");
        Assert.NotSame(stale, live);
        await WaitForAsync(() => live.SubscriberCount == 1, "the subscriber on the live channel");

        var id = stale.Publish(new Seq(7));
        await reader.WaitForAsync(e => e.Count == 1, "the event published through the stale reference");
        Assert.Equal(7, N(reader.Events[0].Data));
        Assert.Equal(id, reader.Events[0].EventId);
    }

    [Fact]
    public async Task Over_the_channel_cap_a_stream_gets_503_with_Retry_After_and_a_place_comes_back_once_a_channel_is_removed()
    {
        var (server, time) = await StartAsync(o => o.MaxChannels = 2);
        await using var _ = server;
        var client = server.CreateClient();
        var a = await LiveReader.OpenAsync(client, "/broadcast/seq/a");
        await using var b = await LiveReader.OpenAsync(client, "/broadcast/seq/b");

        for (var i = 0; i < 3; i++)
        {
            using var refused = await SseClient.OpenAsync(client, "/broadcast/seq/c" + i, CancellationToken.None);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
        }

        // A live channel is not affected by the cap.
        await using (var another = await LiveReader.OpenAsync(client, "/broadcast/seq/b"))
        {
        }

        // Refusals are logged a bounded number of times, never as an error with a stack trace.
        Assert.Empty(server.Logs.Errors);
        Assert.Single(server.Logs.Entries, e => e.Message.Contains("limit of 2 live channels", StringComparison.Ordinal));

        await a.DisposeAsync();
        await WaitForAsync(() => Channels(server).Get("a").SubscriberCount == 0, "the stream on a to leave");
        time.Advance(TimeSpan.FromSeconds(3));
        await using var c = await LiveReader.OpenAsync(client, "/broadcast/seq/c0");
        Assert.Equal(HttpStatusCode.OK, c.Status);
    }

    [Fact]
    public async Task An_idle_channel_keeps_its_history_for_resumes_within_its_idle_lifetime_and_is_removed_after()
    {
        var (server, time) = await StartAsync(o => o.IdleLifetime = TimeSpan.FromMinutes(5));
        await using var _ = server;
        var client = server.CreateClient();
        var channel = Channels(server).Get("idle");
        var first = channel.Publish(new Seq(1));
        channel.Publish(new Seq(2));
        channel.Publish(new Seq(3));

        time.Advance(TimeSpan.FromMinutes(4));
        await using (var resumed = await LiveReader.OpenAsync(client, "/broadcast/seq/idle", first))
        {
            await resumed.WaitForAsync(e => e.Count == 2, "the 2 events after the first");
            Assert.Equal([2, 3], resumed.Events.Select(e => N(e.Data)));
        }

        Assert.Same(channel, Channels(server).Get("idle"));
        await WaitForAsync(() => channel.SubscriberCount == 0, "the resumed stream to leave");
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));
        Assert.NotSame(channel, Channels(server).Get("idle"));

        await using var late = await LiveReader.OpenAsync(client, "/broadcast/seq/idle", first);
        await late.WaitForAsync(e => e.Count == 1, "the reset");
        Assert.Equal(SseChannelEvents.Reset, late.Events[0].EventType);
    }

    [Theory]
    [InlineData("\"}")]
    [InlineData("\\")]
    [InlineData("{\"latestId\":\"evil\"}")]
    [InlineData("a\"b\\c")]
    [InlineData("99-1")]
    [InlineData("x", 10 * 1024)]
    public async Task A_hostile_Last_Event_ID_never_appears_in_any_frame(string value, int repeat = 1)
    {
        var hostile = string.Concat(Enumerable.Repeat(value, repeat));
        var (server, _) = await StartAsync();
        await using var __ = server;
        var channel = Channels(server).Get("hostile");
        channel.Publish(new Seq(1));

        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(server.CreateClient(), "/broadcast/seq/hostile", cts.Token,
            r => Assert.True(r.Headers.TryAddWithoutValidation("Last-Event-ID", hostile)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var text = await ReadFramesAsync(stream, 1, cts.Token);

        var expected = $"event: reset\nid: {channel.LastEventId}\ndata: {{\"latestId\":\"{channel.LastEventId}\"}}\n\n";
        Assert.Equal(expected, text);
        if (hostile.Length > 2)
        {
            Assert.DoesNotContain(hostile, text, StringComparison.Ordinal);
        }
    }

    /// <summary>Reads raw bytes until <paramref name="frames"/> frames (blank-line ends) have arrived.</summary>
    private static async Task<string> ReadFramesAsync(Stream stream, int frames, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        while (CountFrames(text) < frames)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            Assert.True(read > 0, "The stream ended early: " + SseClient.Show(text.ToString()));
            text.Append(Encoding.UTF8.GetString(buffer, 0, read));
        }

        return text.ToString();
    }

    private static int CountFrames(StringBuilder text)
    {
        var count = 0;
        var s = text.ToString();
        for (var i = s.IndexOf("\n\n", StringComparison.Ordinal); i >= 0; i = s.IndexOf("\n\n", i + 2, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
