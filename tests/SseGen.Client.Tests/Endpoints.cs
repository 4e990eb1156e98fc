using System.Collections.Concurrent;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.Client.Tests;

// Strict, as an app's contract may be: data of another shape (a channel's signal read as an item) fails to decode
// instead of passing as a zero tick.
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Tick(long N);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record Note(long N, string Text);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(Note))]
public sealed partial class ClientTestJson : JsonSerializerContext;

/// <summary>Client settings for tests: reconnects within 50-200 ms.</summary>
public static class Fast
{
    public static SseClientOptions Retry => new()
    {
        InitialReconnectDelay = TimeSpan.FromMilliseconds(50),
        MinReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
    };
}

/// <summary>
/// What the servers saw, shared by every server of a test (a restarted server reports to the same probe):
/// each request's Last-Event-ID, and each producer's finally.
/// </summary>
public sealed class ClientProbe
{
    private int _closed;

    /// <summary>The Last-Event-ID of each stream request, in order ("" when none was sent).</summary>
    public ConcurrentQueue<string> LastEventIds { get; } = new();

    public TaskCompletionSource FinallyRan { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Closed => Volatile.Read(ref _closed);

    public void Opened(long? lastEventId) => LastEventIds.Enqueue(lastEventId?.ToString(CultureInfo.InvariantCulture) ?? "");

    public void Close()
    {
        Interlocked.Increment(ref _closed);
        FinallyRan.TrySetResult();
    }
}

public static class ClientEndpoints
{
    /// <summary>Numbered ticks after Last-Event-ID, one every 20 ms, for ever.</summary>
    [SseEndpoint("/ticks")]
    public static async IAsyncEnumerable<SseItem<Tick>> Ticks(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId, ClientProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Opened(lastEventId);
        try
        {
            for (var n = (lastEventId ?? 0) + 1; ; n++)
            {
                yield return Numbered(n);
                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            probe.Close();
        }
    }

    /// <summary>Ticks 1 to 3, then the stream ends; resumed after 3, it has nothing to send (204).</summary>
    [SseEndpoint("/three")]
    public static async IAsyncEnumerable<SseItem<Tick>> Three(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId, ClientProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Opened(lastEventId);
        if (lastEventId >= 3)
        {
            yield break; // before any wait, so the server answers 204
        }

        await Task.Yield();
        for (var n = (lastEventId ?? 0) + 1; n <= 3; n++)
        {
            yield return Numbered(n);
        }
    }

    /// <summary>One tick per connection, then the stream ends, so the client reconnects after the server's retry:.</summary>
    [SseEndpoint("/one-per-connection")]
    public static async IAsyncEnumerable<SseItem<Tick>> OnePerConnection(
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId, ClientProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Opened(lastEventId);
        await Task.Yield();
        yield return Numbered((lastEventId ?? 0) + 1);
    }

    /// <summary>One tick, then silence (no keep-alive either: the test turns them off) until the client leaves.</summary>
    [SseEndpoint("/stall")]
    public static async IAsyncEnumerable<SseItem<Tick>> Stall(ClientProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Opened(null);
        try
        {
            yield return Numbered(1);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            probe.Close();
        }
    }

    private static SseItem<Tick> Numbered(long n) => new(new Tick(n)) { EventId = n.ToString(CultureInfo.InvariantCulture) };
}
