using System.IO.Pipelines;
using System.Net.ServerSentEvents;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using SseGen.Infrastructure;

namespace SseGen.Benchmarks;

/// <summary>
/// Bytes per delivered event when a broadcast channel reaches streams that are waiting for it (the
/// fan-out's case): publish, delivery pass, each stream's loop, frame copy and flush, then the wait
/// again. Measured in Release (a Debug build allocates every async method's state machine, even
/// one that completes at once), in this process, with bodies that throw the bytes away.
/// </summary>
internal static class ChannelDeliveryAllocations
{
    private const int Streams = 1_000;

    public static async Task<double> MeasureAsync(int publishes)
    {
        await using var services = new ServiceCollection()
            .AddOptions()
            .AddLogging()
            // Keep-alives off: only the channel's events wake the streams.
            .Configure<SseOptions>(o => o.KeepAliveInterval = Timeout.InfiniteTimeSpan)
            .AddSseChannels<Tick>(BenchJson.Default.Tick, o => o.HistoryLength = 0)
            .BuildServiceProvider();
        var host = SseEndpointHost.Create(services);
        var channel = services.GetRequiredService<SseChannels<Tick>>().Get("allocations");
        using var stop = new CancellationTokenSource();
        var bodies = new FlushCountingBody[Streams];
        var streams = new Task[Streams];
        var formatter = new JsonSseItemFormatter<Tick>(BenchJson.Default.Tick);
        for (var s = 0; s < Streams; s++)
        {
            var context = new DefaultHttpContext { RequestServices = services };
            context.Features.Set<IHttpResponseBodyFeature>(bodies[s] = new FlushCountingBody());
            streams[s] = host.RunAsync<SseItem<Tick>>(context, "allocations", channel.Subscribe(), formatter, stop.Token);
        }

        var published = 0;
        async Task PublishAsync(int count)
        {
            for (var n = 0; n < count; n++)
            {
                channel.Publish(new Tick(published, 0, 0));
                published++;
                // Each stream has flushed this event, and so waits again, before the next is published.
                foreach (var body in bodies)
                {
                    while (body.Flushes < published)
                    {
                        await Task.Yield();
                    }
                }
            }
        }

        // The first flush starts each response; the warm-up also lets the JIT tier the path up.
        await PublishAsync(publishes);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await PublishAsync(publishes);
        var after = GC.GetTotalAllocatedBytes(precise: true);
        stop.Cancel();
        await Task.WhenAll(streams);
        return (after - before) / (double)(publishes * Streams);
    }

    /// <summary>A response body that throws every byte away without allocating and counts the flushes after the first (the headers).</summary>
    private sealed class FlushCountingBody : IHttpResponseBodyFeature
    {
        private readonly CountingPipeWriter _writer = new();

        public int Flushes => _writer.Flushes - 1;

        public Stream Stream => Stream.Null;

        public PipeWriter Writer => _writer;

        public void DisableBuffering()
        {
        }

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task CompleteAsync() => Task.CompletedTask;
    }

    private sealed class CountingPipeWriter : PipeWriter
    {
        private readonly byte[] _buffer = new byte[4096];
        private int _flushes;

        public int Flushes => Volatile.Read(ref _flushes);

        public override void Advance(int bytes)
        {
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => _buffer;

        public override Span<byte> GetSpan(int sizeHint = 0) => _buffer;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _flushes);
            return new(new FlushResult(false, false));
        }

        public override void CancelPendingFlush()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
