using System.Net;
using System.Threading.Channels;

namespace SseGen.Client.Tests;

/// <summary>The client against each of <see cref="MisbehavingServer"/>'s servers (the endless line is in <see cref="EventSizeTests"/>, retry: 0 in <see cref="ReconnectPolicyTests"/>).</summary>
public sealed class MisbehaviourTests
{
    [Fact]
    public async Task A_slow_drip_assembles_the_event_and_its_bytes_keep_the_idle_timeout_away()
    {
        // One byte a second on the client's clock against an idle timeout of 1.5 s: 21 s for the event, far past the
        // timeout, yet never silent for long. One byte a second holds a connection and at most MaxEventSize of memory for
        // as long as the server likes: the caller's token ends it.
        var idle = TimeSpan.FromMilliseconds(1500);
        var writes = Channel.CreateUnbounded<string>();
        await using var server = MisbehavingServer.Paced(writes.Reader);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var clock = ClientClock.AllBut(idle);
        var options = Fast.Retry;
        options.IdleTimeout = idle;
        options.TimeProvider = clock;
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        foreach (var b in "id: 7\ndata: {\"n\":7}\n\n")
        {
            // Time stands still until the read that took the byte has armed the timer again for the next one.
            var started = clock.Started(idle);
            await writes.Writer.WriteAsync(b.ToString());
            await clock.UntilAsync(() => clock.Started(idle) > started, $"the idle timer restarted by the byte {(int)b:X2}");
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        var item = await reader.NextAsync();
        Assert.Equal(7, item.Data.N);
        Assert.Equal("7", item.EventId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_redirect_is_followed_and_every_reconnect_starts_again_from_the_address_the_caller_gave()
    {
        await using var server = MisbehavingServer.Redirect("/moved", "/moved", "id: 1\ndata: {\"n\":1}\n\n");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var count = 0;
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            if (++count == 2)
            {
                break;
            }
        }

        var lines = server.Requests.Select(RawServer.RequestLine).ToArray();
        Assert.Equal(["GET /s", "GET /moved", "GET /s", "GET /moved"], lines);
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(3), "Last-Event-ID")); // kept across the redirect
    }

    [Fact]
    public async Task A_redirect_loop_ends_with_the_redirect_status_and_is_not_retried()
    {
        await using var server = MisbehavingServer.Redirect("/loop", "/never", "");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseTextAsync("/loop", Fast.Retry, cts.Token))
            {
            }
        });

        Assert.Equal(HttpStatusCode.Found, e.StatusCode);
        await Task.Delay(200);
        Assert.InRange(server.Requests.Count, 2, 51); // HttpClient's own redirect limit (50), then no more
    }

    [Fact]
    public async Task A_200_with_the_wrong_content_type_ends_the_stream_naming_the_type_and_is_not_retried()
    {
        await using var server = MisbehavingServer.WrongContentType("text/html");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
            }
        });

        Assert.Contains("text/html", e.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        await Task.Delay(200);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_body_that_ends_mid_event_drops_the_unfinished_event_and_resumes_from_the_last_whole_one()
    {
        // The unfinished event's id must not count either: the reconnect asks for what came after 1.
        await using var server = MisbehavingServer.EndsMidEvent("id: 1\ndata: {\"n\":1}\n\nid: 2\ndata: {\"n\":", "id: 2\ndata: {\"n\":2}\n\n");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var items = new List<long>();
        await foreach (var item in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
        {
            items.Add(item.Data.N);
            if (items.Count == 2)
            {
                break;
            }
        }

        Assert.Equal([1L, 2L], items);
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact]
    public async Task A_half_open_connection_is_left_after_the_default_idle_timeout_on_the_options_clock()
    {
        // The idle timeout runs on SseClientOptions.TimeProvider: its 45 s pass there when the test moves that clock.
        await using var server = MisbehavingServer.HalfOpen("id: 1\ndata: {\"n\":1}\n\n");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        var idle = new SseClientOptions().IdleTimeout;
        var clock = ClientClock.AllBut(idle);
        var options = Fast.Retry;
        options.TimeProvider = clock;
        await using var reader = new BackgroundReader<Tick>(ct => client.ReadSseAsync("/s", ClientTestJson.Default.Tick, options, ct));

        Assert.Equal(1, (await reader.NextAsync()).Data.N);
        Assert.Equal(TimeSpan.FromSeconds(45), await clock.AdvancePastAsync(d => d == idle, "the idle timer of the read after event 1"));
        Assert.Equal(1, (await reader.NextAsync()).Data.N);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal("1", RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact]
    public async Task A_reason_phrase_with_control_characters_reaches_the_exception_message_escaped()
    {
        await using var server = MisbehavingServer.HostileReasonPhrase();
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);

        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseAsync("/s", ClientTestJson.Default.Tick, Fast.Retry, cts.Token))
            {
            }
        });

        Assert.Contains("418 tea\\u0085fail: forged\\u009B2J", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u0085', e.Message);
        Assert.DoesNotContain('\u009B', e.Message);
    }
}
