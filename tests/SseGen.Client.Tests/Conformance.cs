using System.Net.ServerSentEvents;
using System.Text;

namespace SseGen.Client.Tests;

/// <summary>
/// What the conformance cases need: a server that writes given chunks (each its own write, a moment apart, so they
/// arrive apart) on every connection, and a reader that collects events as <c>type|data|id</c>, an absent id empty,
/// so a failure shows the whole difference. Cases are re-expressed from public suites; none of their code is here.
/// </summary>
public static class Conformance
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary><paramref name="bytes"/> cut into pieces of <paramref name="size"/> bytes (0: one piece).</summary>
    public static byte[][] Split(byte[] bytes, int size) =>
        size <= 0 ? [bytes] : bytes.Chunk(size).ToArray();

    /// <summary>Options for a case: reconnects 20-200 ms apart on a clock of the test's own, where every wait ends as it starts.</summary>
    public static SseClientOptions Options() => new()
    {
        MinReconnectDelay = TimeSpan.FromMilliseconds(20),
        InitialReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
        TimeProvider = ClientClock.Instant(),
        IdleTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>
    /// A server that writes <paramref name="chunks"/> on every connection and then closes (<paramref name="close"/>) or
    /// stays open.
    /// </summary>
    public static RawServer Serve(IReadOnlyList<byte[]> chunks, bool close = false, string contentType = "text/event-stream") =>
        new(async (connection, stream, ct) =>
        {
            await RawServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n", ct);
            foreach (var chunk in chunks)
            {
                await stream.WriteAsync(chunk, ct);
                if (chunks.Count > 1)
                {
                    await Task.Delay(2, ct);
                }
            }

            if (!close)
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
        });

    /// <summary>Reads <paramref name="count"/> events from <paramref name="server"/>; fails with what came if they do not come in 10 s.</summary>
    public static async Task<List<SseItem<string>>> ReadItemsAsync(RawServer server, int count, SseClientOptions? options = null)
    {
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var items = new List<SseItem<string>>();
        try
        {
            await foreach (var item in client.ReadSseTextAsync("/s", options ?? Options(), cts.Token))
            {
                items.Add(item);
                if (items.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Only {items.Count} of {count} events came in {KestrelServer.Timeout.TotalSeconds} s: [{string.Join(", ", items.Select(Show))}]");
        }

        return items;
    }

    /// <summary>The events <paramref name="chunks"/> make, as <c>type|data|id</c>.</summary>
    public static async Task<string[]> ReadAsync(IReadOnlyList<byte[]> chunks, int count, SseClientOptions? options = null, bool close = false)
    {
        await using var server = Serve(chunks, close);
        return [.. (await ReadItemsAsync(server, count, options)).Select(Show)];
    }

    public static Task<string[]> ReadAsync(string body, int count, SseClientOptions? options = null, bool close = false) =>
        ReadAsync([Utf8(body)], count, options, close);

    public static string Show(SseItem<string> item) => $"{item.EventType}|{item.Data}|{item.EventId}";
}
