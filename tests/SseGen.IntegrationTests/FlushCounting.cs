using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

/// <summary>Counts the flushes of every response of an app: register it, then call <see cref="UseFlushCounting"/>.</summary>
public sealed class FlushCounter
{
    private int _flushes;
    private int _advances;

    public int Flushes => Volatile.Read(ref _flushes);

    /// <summary>Calls to Advance: a lower bound on how many separate writes were made.</summary>
    public int Advances => Volatile.Read(ref _advances);

    public static void UseFlushCounting(WebApplication app)
    {
        var counter = app.Services.GetRequiredService<FlushCounter>();
        app.Use(async (context, next) =>
        {
            var inner = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            context.Features.Set<IHttpResponseBodyFeature>(new CountingBodyFeature(inner, counter));
            try
            {
                await next(context);
            }
            finally
            {
                context.Features.Set(inner);
            }
        });
    }

    internal void Flushed() => Interlocked.Increment(ref _flushes);

    internal void Advanced() => Interlocked.Increment(ref _advances);

    private sealed class CountingBodyFeature(IHttpResponseBodyFeature inner, FlushCounter counter) : IHttpResponseBodyFeature
    {
        private readonly CountingPipeWriter _writer = new(inner.Writer, counter);

        public Stream Stream => inner.Stream;

        public PipeWriter Writer => _writer;

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    }

    /// <summary>A PipeWriter decorator that counts FlushAsync calls and forwards everything.</summary>
    private sealed class CountingPipeWriter(PipeWriter inner, FlushCounter counter) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            counter.Advanced();
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            counter.Flushed();
            return inner.FlushAsync(cancellationToken);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            // Writes and flushes in one call.
            counter.Flushed();
            return inner.WriteAsync(source, cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
