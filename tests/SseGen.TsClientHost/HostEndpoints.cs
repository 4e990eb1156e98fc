using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.TsClientHost;

public sealed record Tick(long N);

public sealed record Note(long N, string Text);

public sealed record Echo(string Authorization, string Tenant);

public sealed record SearchRequest(string Query, int Count);

public sealed record Hit(int Rank, string Title);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(Echo))]
[JsonSerializable(typeof(SearchRequest))]
[JsonSerializable(typeof(Hit))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))] // the OpenAPI document describes the 400 and 503 answers with it
public sealed partial class HostJson : JsonSerializerContext;

public static class HostEndpoints
{
    /// <summary>
    /// Numbered ticks after Last-Event-ID, one every 20 ms, for ever: stateless, so a restarted process resumes exactly
    /// where the client says it is, and a gap or a repeat is the client's.
    /// </summary>
    [SseEndpoint("/ticks")]
    public static async IAsyncEnumerable<SseItem<Tick>> Ticks(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = (lastEventId ?? 0) + 1; ; n++)
        {
            yield return new SseItem<Tick>(new Tick(n)) { EventId = n.ToString(CultureInfo.InvariantCulture) };
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Ticks 1 to 3, then the stream ends; resumed after 3, it has nothing to send, so the server answers 204.</summary>
    [SseEndpoint("/three")]
    public static async IAsyncEnumerable<SseItem<Tick>> Three(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (lastEventId >= 3)
        {
            yield break; // before any wait: 204
        }

        await Task.Delay(1, cancellationToken);
        for (var n = (lastEventId ?? 0) + 1; n <= 3; n++)
        {
            yield return new SseItem<Tick>(new Tick(n)) { EventId = n.ToString(CultureInfo.InvariantCulture) };
        }
    }

    /// <summary>Behind the middleware's Authorization check; echoes the headers it got, then stays open.</summary>
    [SseEndpoint("/secure")]
    public static async IAsyncEnumerable<Echo> Secure(
        [FromHeader(Name = "Authorization")] string? authorization, [FromHeader(Name = "X-Tenant")] string? tenant, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return new Echo(authorization ?? "", tenant ?? "");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>One item of <paramref name="size"/> characters (2 MiB by default), then a small one the client must never see.</summary>
    [SseEndpoint("/big")]
    public static async IAsyncEnumerable<Note> Big(int? size, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return new Note(1, new string('x', size ?? (2 * 1024 * 1024)));
        yield return new Note(2, "after");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>One tick whose id has a space (written as ASP.NET Core's own SSE result would, which allows it), then the stream ends.</summary>
    public static async IAsyncEnumerable<SseItem<Tick>> SpacedId()
    {
        await Task.Yield();
        yield return new SseItem<Tick>(new Tick(1)) { EventId = "a b" };
    }

    /// <summary>
    /// Ticks <paramref name="from"/> to <paramref name="to"/> (default from + 2), each tagged with the required X-Tenant
    /// header: a route value, an optional query value and a required header for the generated client's types.
    /// </summary>
    [SseEndpoint("/count/{from:int}")]
    public static async IAsyncEnumerable<SseItem<Tick>> Count(
        int from, int? to, [FromHeader(Name = "X-Tenant")] string tenant, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var n = from; n <= (to ?? from + 2); n++)
        {
            await Task.Yield();
            yield return new SseItem<Tick>(new Tick(n), tenant) { EventId = n.ToString(CultureInfo.InvariantCulture) };
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    /// <summary>Text items: the route value, then "{word} again", then the stream ends.</summary>
    [SseEndpoint("/words/{word}")]
    public static async IAsyncEnumerable<string> Words(string word, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Delay(1, cancellationToken);
        yield return word;
        yield return word + " again";
    }

    /// <summary>The "feed" channel (history 5), resumable with Last-Event-ID.</summary>
    [SseEndpoint("/feed")]
    public static IAsyncEnumerable<SseItem<Tick>> Feed(SseChannels<Tick> channels, [FromHeader(Name = "Last-Event-ID")] string? lastEventId) =>
        channels.Get("feed").Subscribe(lastEventId);

    /// <summary>The "notes" channel, live only, a queue of 4 per subscriber: a slow reader loses notes.</summary>
    [SseEndpoint("/notes")]
    public static IAsyncEnumerable<SseItem<Note>> Notes(SseChannels<Note> channels) =>
        channels.Get("notes").Subscribe();

    /// <summary>The POST stream's items: <see cref="SearchRequest.Count"/> hits for the query in its body.</summary>
    public static async IAsyncEnumerable<SseItem<Hit>> Search(SearchRequest request)
    {
        for (var i = 1; i <= request.Count; i++)
        {
            await Task.Yield();
            yield return new SseItem<Hit>(new Hit(i, $"{request.Query} #{i}")) { EventId = i.ToString(CultureInfo.InvariantCulture) };
        }
    }
}
