using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class FramingEndpoints
{
    public static readonly string LongText = BuildLongText();

    [SseEndpoint("/framing/line-breaks")]
    public static async IAsyncEnumerable<string> LineBreaks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "a\nb";
        yield return "a\rb";
        yield return "a\r\nb";
    }

    [SseEndpoint("/framing/edges")]
    public static async IAsyncEnumerable<string> Edges([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "";
        yield return "\n";
        yield return "\r\n\r";
        yield return "tail\r";
    }

    [SseEndpoint("/framing/json-newline")]
    public static async IAsyncEnumerable<Note> JsonNewline([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Note("line1\nline2\r\nline3\rend");
    }

    [SseEndpoint("/framing/json-ticks")]
    public static async IAsyncEnumerable<Tick> JsonTicks([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Tick(7, "seven");
    }

    [SseEndpoint("/framing/injection")]
    public static async IAsyncEnumerable<string> Injection([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "x\n\nevent: evil\ndata: x";
        yield return "x\r\revent: evil\rid: 666\rdata: x";
        yield return "x\r\n\r\nevent: evil\r\nretry: 1\r\ndata: x";
        yield return "after";
    }

    [SseEndpoint("/framing/injection-json")]
    public static async IAsyncEnumerable<Note> InjectionJson([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Note("x\n\nevent: evil\ndata: x");
        yield return new Note("after");
    }

    [SseEndpoint("/framing/long")]
    public static async IAsyncEnumerable<string> Long([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return LongText;
    }

    private static string BuildLongText()
    {
        // Line breaks of every kind at every offset, across far more bytes than one pipe buffer holds,
        // so some CRLF pairs straddle two writes.
        var text = new StringBuilder();
        string[] breaks = ["\r\n", "\n", "\r"];
        for (var i = 0; text.Length < 200_000; i++)
        {
            text.Append('x', i % 37).Append(breaks[i % 3]);
        }

        return text.ToString();
    }
}

public sealed class DataFramingTests
{
    [Fact]
    public async Task Lf_cr_and_crlf_in_text_each_start_a_new_data_line()
    {
        await using var server = await TestServer.StartAsync();

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), "/framing/line-breaks");

        Assert.Equal("data: a\ndata: b\n\ndata: a\ndata: b\n\ndata: a\ndata: b\n\n", raw);
    }

    [Fact]
    public async Task Sse_parser_receives_split_text_rejoined_with_lf()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/framing/line-breaks");

        Assert.Equal(["a\nb", "a\nb", "a\nb"], events.Select(e => e.Data));
        Assert.All(events, e => Assert.Equal("message", e.EventType));
    }

    [Fact]
    public async Task Empty_text_and_leading_or_trailing_breaks_stay_inside_their_event()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/framing/edges");
        var events = await SseClient.ReadEventsAsync(client, "/framing/edges");

        Assert.Equal("data: \n\ndata: \ndata: \n\ndata: \ndata: \ndata: \n\ndata: tail\ndata: \n\n", raw);
        Assert.Equal(["", "\n", "\n\n", "tail\n"], events.Select(e => e.Data));
    }

    [Fact]
    public async Task Newlines_inside_a_json_string_are_escaped_so_the_payload_is_one_data_line()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/framing/json-newline");
        var events = await SseClient.ReadEventsAsync(client, "/framing/json-newline");

        Assert.Equal("data: {\"text\":\"line1\\nline2\\r\\nline3\\rend\"}\n\n", raw);
        Assert.Equal("line1\nline2\r\nline3\rend", JsonDocument.Parse(Assert.Single(events).Data).RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Indented_json_is_split_into_data_lines_and_reassembles_into_the_same_json()
    {
        await using var server = await TestServer.StartAsync(services =>
            services.ConfigureHttpJsonOptions(o =>
            {
                o.SerializerOptions.WriteIndented = true;
                o.SerializerOptions.NewLine = "\r\n";
            }));
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/framing/json-ticks");
        var events = await SseClient.ReadEventsAsync(client, "/framing/json-ticks");

        Assert.DoesNotContain('\r', raw);
        Assert.Equal("data: {\ndata:   \"seqNo\": 7,\ndata:   \"displayName\": \"seven\"\ndata: }\n\n", raw);
        var data = Assert.Single(events).Data;
        using var json = JsonDocument.Parse(data);
        Assert.Equal(7, json.RootElement.GetProperty("seqNo").GetInt32());
    }

    [Fact]
    public async Task A_text_payload_cannot_inject_a_second_event_or_fields()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/framing/injection");
        var events = await SseClient.ReadEventsAsync(client, "/framing/injection");

        Assert.Equal(
            "data: x\ndata: \ndata: event: evil\ndata: data: x\n\n" +
            "data: x\ndata: \ndata: event: evil\ndata: id: 666\ndata: data: x\n\n" +
            "data: x\ndata: \ndata: event: evil\ndata: retry: 1\ndata: data: x\n\n" +
            "data: after\n\n",
            raw);
        Assert.DoesNotContain("\nevent: evil", raw);
        Assert.Equal(4, events.Count);
        Assert.All(events, e => Assert.Equal("message", e.EventType));
        Assert.All(events, e => Assert.Null(e.EventId));
        Assert.All(events, e => Assert.Null(e.ReconnectionInterval));
        Assert.Equal(
            ["x\n\nevent: evil\ndata: x", "x\n\nevent: evil\nid: 666\ndata: x", "x\n\nevent: evil\nretry: 1\ndata: x", "after"],
            events.Select(e => e.Data));
    }

    [Fact]
    public async Task A_json_payload_cannot_inject_a_second_event()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, "/framing/injection-json");
        var events = await SseClient.ReadEventsAsync(client, "/framing/injection-json");

        Assert.Equal("data: {\"text\":\"x\\n\\nevent: evil\\ndata: x\"}\n\ndata: {\"text\":\"after\"}\n\n", raw);
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("message", e.EventType));
    }

    [Fact]
    public async Task A_long_payload_with_line_breaks_across_buffer_boundaries_is_split_exactly()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var expectedLines = FramingEndpoints.LongText.ReplaceLineEndings("\n").Split('\n');

        var raw = await SseClient.ReadRawAsync(client, "/framing/long");
        var events = await SseClient.ReadEventsAsync(client, "/framing/long");

        Assert.DoesNotContain('\r', raw);
        Assert.Equal(string.Concat(expectedLines.Select(l => "data: " + l + "\n")) + "\n", raw);
        SseItem<string> single = Assert.Single(events);
        Assert.Equal(FramingEndpoints.LongText.ReplaceLineEndings("\n"), single.Data);
    }
}
