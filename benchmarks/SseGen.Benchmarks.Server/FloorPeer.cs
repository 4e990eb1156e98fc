using System.Buffers;
using System.IO.Pipelines;

namespace SseGen.Benchmarks.Server;

/// <summary>
/// The fan-out floor: the least Kestrel work per delivery. A request only sets the headers,
/// flushes them and registers its response <see cref="PipeWriter"/>; the feed publisher encodes
/// each tick once and, in one synchronous pass over every registered connection, writes the
/// bytes and calls <c>FlushAsync</c>. No channel, no per-connection loop, no thread-pool hop per
/// delivery: whatever a stream loop adds on top of this is the gap to the floor.
/// </summary>
internal static class FloorPeer
{
    public static void MapFloorPeer(this WebApplication app)
    {
        app.MapGet("/floor/fanout", FanoutAsync);
        app.MapGet("/_bench/floor", (Feeds feeds) => Results.Text(
            FormattableString.Invariant($"skips={feeds.Floor.Skips}\nconnections={feeds.Floor.Count}\n")));
    }

    private static async Task FanoutAsync(HttpContext context, Feeds feeds)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var token = context.RequestAborted;
        var writer = response.BodyWriter;
        await writer.FlushAsync(token);

        var connection = new FloorConnection(writer);
        feeds.Floor.Register(connection);
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left.
        }
        finally
        {
            // After this the publisher never touches the writer again (it holds the same lock for
            // its whole pass), so Kestrel may complete the response once a pending flush is done.
            feeds.Floor.Unregister(connection);
            await connection.WaitForPendingFlushAsync();
        }
    }
}

/// <summary>One registered response: its writer, and the flush still pending on it, if any.</summary>
internal sealed class FloorConnection(PipeWriter writer)
{
    public PipeWriter Writer { get; } = writer;

    /// <summary>A flush that did not complete synchronously; the connection is skipped until it does.</summary>
    public Task<FlushResult>? Pending { get; set; }

    public bool Closed { get; set; }

    public async Task WaitForPendingFlushAsync()
    {
        if (Pending is { } pending)
        {
            try
            {
                await pending;
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
            {
                // The connection is gone; nothing to deliver any more.
            }
        }
    }
}

/// <summary>The floor's registered connections and its one synchronous delivery pass.</summary>
internal sealed class FloorFeed
{
    private readonly Lock _gate = new();
    private readonly List<FloorConnection> _connections = [];
    private long _skips;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Deliveries skipped because the connection's previous flush had not completed yet.</summary>
    public long Skips => Interlocked.Read(ref _skips);

    public void Register(FloorConnection connection)
    {
        lock (_gate)
        {
            _connections.Add(connection);
        }
    }

    public void Unregister(FloorConnection connection)
    {
        lock (_gate)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Writes <paramref name="frame"/> to every connection and flushes, in one pass, on the caller's thread.</summary>
    public void Publish(byte[] frame)
    {
        lock (_gate)
        {
            var connections = _connections;
            for (var i = connections.Count - 1; i >= 0; i--)
            {
                var connection = connections[i];
                if (connection.Pending is { } pending)
                {
                    if (!pending.IsCompleted)
                    {
                        _skips++;
                        continue;
                    }

                    connection.Pending = null;
                    connection.Closed = !pending.IsCompletedSuccessfully || pending.Result.IsCompleted || pending.Result.IsCanceled;
                }

                if (connection.Closed)
                {
                    connections.RemoveAt(i);
                    continue;
                }

                try
                {
                    connection.Writer.Write(frame);
                    var flush = connection.Writer.FlushAsync();
                    if (!flush.IsCompleted)
                    {
                        connection.Pending = flush.AsTask();
                    }
                    else if (flush.Result is { IsCompleted: true } or { IsCanceled: true })
                    {
                        connections.RemoveAt(i);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or OperationCanceledException)
                {
                    // Kestrel completed this response (the client left): stop writing to it.
                    connections.RemoveAt(i);
                }
            }
        }
    }
}
