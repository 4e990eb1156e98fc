using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// What SseGen and <c>TypedResults.ServerSentEvents</c> do alike: each test runs once per server on
/// the same source (<see cref="TwinEndpoints"/>) and expects the same thing of both. Where the
/// expectation is a byte string, the two servers' bytes are identical.
/// </summary>
public sealed class TwinSharedTests
{
    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task Text_with_LF_CR_or_CRLF_inside_an_item_is_split_into_data_lines_byte_for_byte_alike(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync();

        var raw = await SseClient.ReadRawAsync(app.CreateClient(), TwinApp.Path(server, "lines"));

        // Every break (CR, LF, CRLF) ends a data line and is written as LF; an empty item is one empty
        // data line; text that looks like a field stays inside data lines.
        Assert.Equal(
            "data: a\ndata: b\n\n" +
            "data: a\ndata: b\n\n" +
            "data: a\ndata: b\n\n" +
            "data: \n\n" +
            "data: x\ndata: \ndata: event: evil\ndata: data: x\n\n",
            raw);
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task A_standard_parser_reads_text_with_line_breaks_as_the_same_events(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync();

        var events = await SseClient.ReadEventsAsync(app.CreateClient(), TwinApp.Path(server, "lines"));

        // Breaks come back as LF (the format has no other); nothing was injected.
        Assert.Equal(["a\nb", "a\nb", "a\nb", "", "x\n\nevent: evil\ndata: x"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("message", e.EventType));
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task Json_items_are_camelCase_from_the_apps_JSON_options_under_the_event_name_byte_for_byte_alike(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync();

        var raw = await SseClient.ReadRawAsync(app.CreateClient(), TwinApp.Path(server, "ticks"));

        // ASP.NET Core's web defaults: camelCase, and the relaxed encoder (HTML characters as they are);
        // line breaks in a string are JSON escapes, so each item is one data line.
        Assert.Equal(
            "event: tick\ndata: {\"seqNo\":1,\"displayName\":\"one\"}\n\n" +
            "event: tick\ndata: {\"seqNo\":2,\"displayName\":\"two\\nlines\\r\\n<b>&</b>\"}\n\n",
            raw);
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task Json_items_follow_a_naming_policy_the_app_configured(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync(services: s =>
            s.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower));

        var events = await SseClient.ReadEventsAsync(app.CreateClient(), TwinApp.Path(server, "ticks"));

        Assert.Equal("{\"seq_no\":1,\"display_name\":\"one\"}", events[0].Data);
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task Event_names_ids_and_retry_of_SseItem_reach_a_standard_parser_alike(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await SseClient.OpenAsync(app.CreateClient(), TwinApp.Path(server, "items"), cts.Token);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var parser = SseParser.Create(stream);

        var events = new List<(string Type, string? Id, TimeSpan? Retry, string Data)>();
        await foreach (var item in parser.EnumerateAsync(cts.Token))
        {
            events.Add((item.EventType, item.EventId, item.ReconnectionInterval, item.Data));
        }

        Assert.Equal(
            [
                ("tick", "7", TimeSpan.FromMilliseconds(1500), "{\"seqNo\":1,\"displayName\":\"one\"}"),
                ("message", null, null, "{\"seqNo\":2,\"displayName\":\"two\"}"),
                ("tock", "", null, "{\"seqNo\":3,\"displayName\":\"three\"}"),
            ],
            events);
        // The empty id resets the id a reconnect would send back.
        Assert.Equal(string.Empty, parser.LastEventId);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.ReconnectionInterval);
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task A_client_disconnect_fires_the_producers_token_and_runs_its_finally(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync();
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await SseClient.OpenAsync(app.CreateClient(), TwinApp.Path(server, "waiting"), cts.Token);
        var reader = new RawStreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await reader.ReadUntilAsync(t => t.EndsWith("\n\n", StringComparison.Ordinal), TestServer.Timeout);
        Assert.False(app.Probe.FinallyRan.Task.IsCompleted, "The producer ended before the client left.");

        response.Dispose();

        await app.Probe.FinallyRan.Task.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.Equal(["token fired"], app.Probe.Timeline);
        Assert.Equal("data: {\"n\":1}\n\n", reader.Text);
    }

    [Theory]
    [MemberData(nameof(TwinApp.Servers), MemberType = typeof(TwinApp))]
    public async Task Response_compression_leaves_the_stream_uncompressed_with_content_encoding_identity(TwinServer server)
    {
        await using var app = await TwinApp.StartAsync(
            services: s => s.AddResponseCompression(o =>
            {
                o.Providers.Add<GzipCompressionProvider>();
                o.MimeTypes = ["text/event-stream"];
            }),
            middleware: a => a.UseResponseCompression());
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await SseClient.OpenAsync(app.CreateClient(), TwinApp.Path(server, "ticks"), cts.Token, r => r.Headers.AcceptEncoding.ParseAdd("gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["identity"], response.Content.Headers.ContentEncoding);
        Assert.StartsWith("event: tick\ndata: {", await response.Content.ReadAsStringAsync(cts.Token), StringComparison.Ordinal);
    }
}
