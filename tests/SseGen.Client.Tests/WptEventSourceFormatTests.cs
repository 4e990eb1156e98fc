using System.Net;
using static SseGen.Client.Tests.Conformance;

namespace SseGen.Client.Tests;

/// <summary>
/// The parsing cases of web-platform-tests (github.com/web-platform-tests/wpt, eventsource/format-*), re-expressed over a
/// real socket. Their server, eventsource/resources/message.php, answers the message, then "\n\n" (unless newline=none),
/// then "\n", and closes: so does the server here, on every connection. Left out: format-field-id-2 (the same id as
/// format-field-id, across two reconnects: the same deliberate difference) and format-field-id-null (its server script,
/// resources/last-event-id.py, is not readable here; a NUL in an id is covered by sse-contract-tests' "ID field is
/// ignored if it contains a null").
/// </summary>
public sealed class WptEventSourceFormatTests
{
    private static string Message(string message, bool newline = true) => message + (newline ? "\n\n" : "") + "\n";

    [Fact] // eventsource/format-bom.js: only the first BOM of the stream is dropped; a later one spoils its line's field name
    public async Task Format_bom() =>
        Assert.Equal(["message|1|", "message|3|"], await ReadAsync(Message("\uFEFFdata:1\n\n\uFEFFdata:2\n\ndata:3"), 2, close: true));

    [Fact] // eventsource/format-bom-2.any.js: of two BOMs only the first is dropped, so the first line's field is not "data"
    public async Task Format_bom_2() =>
        Assert.Equal(["message|2|", "message|3|"], await ReadAsync(Message("\uFEFF\uFEFFdata:1\n\ndata:2\n\ndata:3"), 2, close: true));

    [Fact] // eventsource/format-comments.js: comments of every kind and length, between the data lines of one event
    public async Task Format_comments()
    {
        var longComment = new string('x', 2 * 1024);
        var message = "data:1\r:\0\n:\r\ndata:2\n:" + longComment + "\rdata:3\n:data:fail\r:" + longComment + "\ndata:4\n";
        Assert.Equal(["message|1\n2\n3\n4|"], await ReadAsync(Message(message, newline: false), 1, close: true));
    }

    [Fact] // eventsource/format-data-before-final-empty-line.js: an event the body ends in is dropped, and its id with it
    public async Task Format_data_before_final_empty_line()
    {
        await using var server = Serve([Utf8(Message("retry:1000\ndata:test1\n\nid:test\ndata:test2", newline: false))], close: true);
        var items = await ReadItemsAsync(server, 2);

        Assert.Equal(["message|test1|", "message|test1|"], items.Select(Show));
        Assert.Null(RawServer.Header(server.Requests.ElementAt(1), "Last-Event-ID"));
    }

    [Fact] // eventsource/format-field-data.js: "data:" alone, "data" without a colon, twice
    public async Task Format_field_data() =>
        Assert.Equal(["message||", "message|\n|", "message|test|"], await ReadAsync(Message("data:\n\ndata\ndata\n\ndata:test"), 3, close: true));

    [Fact] // eventsource/format-field-event.htm: a custom type, then the default
    public async Task Format_field_event() =>
        Assert.Equal(["test|x|", "message|x|"], await ReadAsync(Message("event:test\ndata:x\n\ndata:x"), 2, close: true));

    [Fact] // eventsource/format-field-event-empty.htm: "event: " is the default type
    public async Task Format_field_event_empty() =>
        Assert.Equal(["message|data|"], await ReadAsync(Message("event: \ndata:data"), 1, close: true));

    [Fact] // eventsource/format-field-id.htm, with resources/last-event-id.php: the id "…" (U+2026)
    public async Task Format_field_id_is_delivered_and_then_ends_the_stream_instead_of_resuming()
    {
        // A deliberate difference: a browser sends "…" back as UTF-8 bytes and the script echoes it. "…" cannot travel in a
        // header for HttpClient or for SseGen's server, so the event comes with its id and the reconnect that would send it
        // ends the stream with an exception that says why (see SseProtocolError.UnsendableEventId).
        await using var server = new RawServer(async (connection, head, stream, ct) =>
            await RawServer.WriteAsync(
                stream,
                RawServer.StreamHead + (RawServer.Header(head, "Last-Event-ID") is { } id ? $"data: {id}\n\n" : "id: …\nretry: 200\ndata: hello\n\n") + "\n",
                ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var items = new List<string>();
        var e = await Assert.ThrowsAsync<SseProtocolException>(async () =>
        {
            await foreach (var item in client.ReadSseTextAsync("/s", Options(), cts.Token))
            {
                items.Add(Show(item));
            }
        });

        Assert.Equal(["message|hello|…"], items);
        Assert.Equal(SseProtocolError.UnsendableEventId, e.Error);
        Assert.Single(server.Requests);
    }

    [Theory] // eventsource/format-field-id-3.htm, with resources/last-event-id2.py: an id persists, changes, resets
    [InlineData("persists", "id: 1\ndata: 1\n\ndata:2\n\n", new[] { "message|1|1", "message|2|1" })]
    [InlineData("changes and persists", "id: 1\ndata: 1\n\nid: 2\ndata:2\n\ndata:3\n\n", new[] { "message|1|1", "message|2|2", "message|3|2" })]
    [InlineData("resets", "id: 1\ndata: 1\n\nid:\ndata:2\n\ndata:3\n\n", new[] { "message|1|1", "message|2|", "message|3|" })]
    public async Task Format_field_id_3(string name, string body, string[] expected)
    {
        Assert.NotEmpty(name);
        Assert.Equal(expected, await ReadAsync(body, expected.Length, close: true));
    }

    [Theory] // eventsource/format-field-retry.htm ("02000" is 2000 ms, not octal) and format-field-retry-bogus.htm ("1000x" is ignored)
    [InlineData("retry:02000\ndata:x")]
    [InlineData("retry:2000\nretry:1000x\ndata:x")]
    public async Task Format_field_retry_sets_the_reconnect_delay(string message)
    {
        // The browser test times the reconnect; here the client's clock records the wait it chose: 2000 ms plus jitter.
        var options = Options();
        options.MaxReconnectDelay = TimeSpan.FromSeconds(30);
        var time = (ClientClock)options.TimeProvider;
        await using var server = Serve([Utf8(Message(message))], close: true);
        var items = await ReadItemsAsync(server, 2, options);

        Assert.All(items, item => Assert.Equal(TimeSpan.FromMilliseconds(2000), item.ReconnectionInterval));
        Assert.InRange(time.Delays.First(), TimeSpan.FromMilliseconds(2000), TimeSpan.FromMilliseconds(3000));
    }

    [Fact] // eventsource/format-mime-valid-bogus.htm: text/x-bogus fails the connection, no event, no reconnect
    public async Task Format_mime_valid_bogus()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
            await RawServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/x-bogus\r\nConnection: close\r\n\r\n" + Message("data: data"), ct));
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var items = 0;
        var e = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in client.ReadSseTextAsync("/s", Options(), cts.Token))
            {
                items++;
            }
        });

        Assert.Equal(0, items);
        Assert.Equal(HttpStatusCode.OK, e.StatusCode);
        Assert.Contains("text/x-bogus", e.Message, StringComparison.Ordinal);
        await Task.Delay(100);
        Assert.Single(server.Requests);
    }

    [Fact] // eventsource/format-null-character.html: a NUL in data is data
    public async Task Format_null_character() =>
        Assert.Equal(["message|\0|"], await ReadAsync(Message("data:\0"), 1, close: true));

    [Fact] // eventsource/format-utf-8.any.js / format-utf-8.js: always UTF-8, whatever charset the content type names
    public async Task Format_utf_8()
    {
        await using var server = new RawServer(async (connection, stream, ct) =>
            await RawServer.WriteAsync(stream, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream;charset=windows-1252\r\nConnection: close\r\n\r\n" + Message("data:ok…"), ct));
        Assert.Equal(["message|ok…|"], (await ReadItemsAsync(server, 1)).Select(Show));
    }
}
