using System.Net.ServerSentEvents;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using SseGen.Infrastructure;

namespace SseGen.IntegrationTests;

public static class FieldInjectionEndpoints
{
    /// <summary>SseItem refuses a line break itself: the producer throws while building the second item.</summary>
    [SseEndpoint("/fields/event-type-line-break")]
    public static async IAsyncEnumerable<SseItem<string>> EventTypeLineBreak([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<string>("ok", "fine") { EventId = "1" };
        yield return new SseItem<string>("x", "evil\nevent: injected");
    }

    [SseEndpoint("/fields/id-line-break")]
    public static async IAsyncEnumerable<SseItem<Note>> IdLineBreak([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<Note>(new Note("ok")) { EventId = "1" };
        yield return new SseItem<Note>(new Note("x")) { EventId = "2\r\nevent: injected" };
    }

    /// <summary>SseItem accepts NUL in an id; the runtime's frame writer is what refuses it.</summary>
    [SseEndpoint("/fields/id-nul")]
    public static async IAsyncEnumerable<SseItem<Note>> IdNul([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<Note>(new Note("ok")) { EventId = "1" };
        yield return new SseItem<Note>(new Note("x")) { EventId = "2\0injected" };
        yield return new SseItem<Note>(new Note("never")) { EventId = "3" };
    }

    /// <summary>An item whose event type bypassed SseItem's own check (forged): the frame writer still refuses it.</summary>
    [SseEndpoint("/fields/forged-event-type")]
    public static async IAsyncEnumerable<SseItem<string>> ForgedEventType([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<string>("ok") { EventId = "1" };
        yield return Forge(new SseItem<string>("x"), "_eventType", "evil\nevent: injected");
        yield return new SseItem<string>("never");
    }

    [SseEndpoint("/fields/forged-id")]
    public static async IAsyncEnumerable<SseItem<Note>> ForgedId([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new SseItem<Note>(new Note("ok")) { EventId = "1" };
        yield return Forge(new SseItem<Note>(new Note("x"), "typed"), "_eventId", "2\revent: injected");
        yield return new SseItem<Note>(new Note("never"));
    }

    [SseEndpoint("/fields/forged-first")]
    public static async IAsyncEnumerable<SseItem<string>> ForgedFirst([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Ready at once, so nothing (not even the headers) is on the wire when it is refused.
        if (cancellationToken.IsCancellationRequested)
        {
            await Task.Yield();
        }

        yield return Forge(new SseItem<string>("x"), "_eventType", "evil\r\nevent: injected");
    }

    private static SseItem<T> Forge<T>(SseItem<T> item, string field, string value)
    {
        var info = typeof(SseItem<T>).GetField(field, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"SseItem<T> has no field {field}; the forgery needs updating.");
        object boxed = item;
        info.SetValue(boxed, value);
        var forged = (SseItem<T>)boxed;
        if (forged.EventType != value && forged.EventId != value)
        {
            throw new InvalidOperationException("The forgery did not take.");
        }

        return forged;
    }
}

public sealed class FieldInjectionTests
{
    [Fact]
    public void SseItem_itself_refuses_line_breaks_in_event_type_and_id_but_not_nul()
    {
        Assert.Throws<ArgumentException>(() => new SseItem<string>("x", "a\nb"));
        Assert.Throws<ArgumentException>(() => new SseItem<string>("x", "a\rb"));
        Assert.Throws<ArgumentException>(() => new SseItem<string>("x") { EventId = "1\n2" });
        Assert.Throws<ArgumentException>(() => new SseItem<string>("x") { EventId = "1\r2" });
        Assert.Equal("1\02", new SseItem<string>("x") { EventId = "1\02" }.EventId);
    }

    [Theory]
    [InlineData("/fields/event-type-line-break", "event: fine\nid: 1\ndata: ok\n\n", typeof(ArgumentException))]
    [InlineData("/fields/id-line-break", "id: 1\ndata: {\"text\":\"ok\"}\n\n", typeof(ArgumentException))]
    public async Task A_producer_building_an_item_with_a_line_break_in_a_field_ends_the_stream_before_any_injected_byte(string path, string expected, Type exceptionType)
    {
        await using var server = await TestServer.StartAsync();

        var raw = await SseClient.ReadRawAsync(server.CreateClient(), path);

        Assert.Equal(expected, raw);
        Assert.DoesNotContain("injected", raw);
        var error = Assert.Single(server.Logs.Errors);
        Assert.Equal("SseGen", error.Category);
        Assert.IsType(exceptionType, error.Exception);
    }

    [Theory]
    [InlineData("/fields/id-nul", "id: 1\ndata: {\"text\":\"ok\"}\n\n")]
    [InlineData("/fields/forged-event-type", "id: 1\ndata: ok\n\n")]
    [InlineData("/fields/forged-id", "id: 1\ndata: {\"text\":\"ok\"}\n\n")]
    public async Task The_runtime_refuses_an_event_type_or_id_that_would_break_the_framing_and_writes_none_of_that_event(string path, string expected)
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        var raw = await SseClient.ReadRawAsync(client, path);

        // Only the event before the refused one: no field, no data of the refused event, nothing after it.
        Assert.Equal(expected, raw);
        Assert.DoesNotContain("injected", raw);
        Assert.DoesNotContain("never", raw);
        var error = Assert.Single(server.Logs.Errors);
        Assert.Equal("SseGen", error.Category);
        Assert.IsType<SseFormatException>(error.Exception);
        var ended = await server.Logs.WaitForStreamEndAsync();
        Assert.Contains("failed after 1 events", error.Message);
        Assert.Contains("failed", ended.Message);
    }

    [Fact]
    public async Task A_refused_first_event_writes_none_of_its_bytes_and_answers_500_problem_details()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await SseClient.OpenAsync(client, "/fields/forged-first", cts.Token);
        var body = await response.Content.ReadAsStringAsync(cts.Token);

        // Nothing was on the wire yet, so the client learns of the failure instead of getting an
        // empty stream that EventSource would reconnect to forever.
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("injected", body);
        Assert.DoesNotContain("data:", body);
        var error = Assert.Single(server.Logs.Errors);
        Assert.IsType<SseFormatException>(error.Exception);
        Assert.Equal(LogLevel.Error, error.Level);
    }
}
