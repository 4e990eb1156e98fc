using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;

namespace SseGen.Benchmarks.Server;

/// <summary>Peers 2, 3 and 5: the built-in result, the hand-written loop, and the limit.</summary>
internal static class OtherPeers
{
    private const int FlushThreshold = 16 * 1024;

    public static void MapOtherPeers(this WebApplication app)
    {
        // Peer 2: ASP.NET Core's own result; T is serialized with the app's JsonOptions, where
        // Program.cs put BenchJson first in the resolver chain (the source-generated path).
        app.MapGet("/builtin/burst", (int n, int? yieldEvery, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Producers.Burst(n, yieldEvery ?? 0, cancellationToken)));
        app.MapGet("/builtin/fanout", (Feeds feeds, CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Producers.Fanout(feeds.BuiltIn, cancellationToken)));
        app.MapGet("/builtin/idle", (CancellationToken cancellationToken) =>
            TypedResults.ServerSentEvents(Producers.IdleWithPing(cancellationToken)));

        // Peer 3: the loop from the tutorials: a string per event, written and flushed.
        app.MapGet("/hand/burst", (HttpContext context, int n, int? yieldEvery) =>
            HandWrittenAsync(context, Producers.Burst(n, yieldEvery ?? 0, context.RequestAborted)));
        app.MapGet("/hand/fanout", (HttpContext context, Feeds feeds) =>
            HandWrittenAsync(context, Producers.Fanout(feeds.Hand, context.RequestAborted)));
        app.MapGet("/hand/idle", HandWrittenIdleAsync);

        // Peer 5: the limit: bytes encoded ahead of time, written into the pipe, flushed like SseGen.
        app.MapGet("/limit/burst", LimitBurstAsync);
        app.MapGet("/limit/fanout", LimitFanoutAsync);
        app.MapGet("/limit/idle", LimitIdleAsync);
    }

    private static void StartSse(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
    }

    private static async Task HandWrittenAsync(HttpContext context, IAsyncEnumerable<Tick> items)
    {
        var response = context.Response;
        StartSse(response);
        var token = context.RequestAborted;
        try
        {
            await foreach (var tick in items)
            {
                await response.WriteAsync("data: " + JsonSerializer.Serialize(tick, BenchJson.Default.Tick) + "\n\n", token);
                await response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async Task HandWrittenIdleAsync(HttpContext context)
    {
        var response = context.Response;
        StartSse(response);
        var token = context.RequestAborted;
        try
        {
            await response.WriteAsync("data: " + JsonSerializer.Serialize(new Tick(0, WallClock.NowMicros(), 0), BenchJson.Default.Tick) + "\n\n", token);
            await response.Body.FlushAsync(token);
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(Producers.KeepAliveInterval, token);
                await response.WriteAsync(": keep-alive\n\n", token);
                await response.Body.FlushAsync(token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async Task LimitBurstAsync(HttpContext context, int n)
    {
        var response = context.Response;
        StartSse(response);
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var writer = response.BodyWriter;
        var token = context.RequestAborted;
        var frames = Frames.Burst;
        long unflushed = 0;
        for (var i = 0; i < n; i++)
        {
            var frame = frames[i & (frames.Length - 1)];
            writer.Write(frame);
            unflushed += frame.Length;
            if (unflushed >= FlushThreshold)
            {
                unflushed = 0;
                if (await IsClosedAsync(writer, token))
                {
                    return;
                }
            }
        }

        await writer.FlushAsync(token);
    }

    private static async Task LimitFanoutAsync(HttpContext context, Feeds feeds)
    {
        var response = context.Response;
        StartSse(response);
        var writer = response.BodyWriter;
        var token = context.RequestAborted;
        using var subscription = feeds.Limit.Subscribe();
        var reader = subscription.Reader;
        try
        {
            while (await reader.WaitToReadAsync(token))
            {
                while (reader.TryRead(out var frame))
                {
                    writer.Write(frame);
                }

                if (await IsClosedAsync(writer, token))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left.
        }
    }

    /// <summary>The floor: headers and one event, then nothing at all (no keep-alive, no timer).</summary>
    private static async Task LimitIdleAsync(HttpContext context)
    {
        var response = context.Response;
        StartSse(response);
        var token = context.RequestAborted;
        response.BodyWriter.Write(Frames.Encode(new Tick(0, WallClock.NowMicros(), 0)));
        await response.BodyWriter.FlushAsync(token);
        try
        {
            await Task.Delay(Timeout.Infinite, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The client left.
        }
    }

    private static async ValueTask<bool> IsClosedAsync(PipeWriter writer, CancellationToken token)
    {
        var result = await writer.FlushAsync(token);
        return result.IsCompleted || result.IsCanceled;
    }
}

/// <summary>Pre-encoded frames for the limit peer, made with the same serializer as the others.</summary>
internal static class Frames
{
    /// <summary>1024 distinct frames (a power of two), sized like the middle of a 1,000,000-event burst.</summary>
    public static readonly byte[][] Burst = CreateBurst();

    public static byte[] Encode(Tick tick)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(tick, BenchJson.Default.Tick);
        var frame = new byte[6 + json.Length + 2];
        "data: "u8.CopyTo(frame);
        json.CopyTo(frame, 6);
        frame[^2] = (byte)'\n';
        frame[^1] = (byte)'\n';
        return frame;
    }

    private static byte[][] CreateBurst()
    {
        var ts = WallClock.NowMicros();
        var frames = new byte[1024][];
        for (var i = 0; i < frames.Length; i++)
        {
            var seq = 500_000 + i;
            frames[i] = Encode(new Tick(seq, ts, seq * 0.25));
        }

        return frames;
    }
}
