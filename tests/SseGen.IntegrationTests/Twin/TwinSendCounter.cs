using System.IO.Pipelines;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SseGen.IntegrationTests.Twin;

/// <summary>
/// Middleware that counts how often a response hands bytes to the connection, whether it writes
/// through the body's <see cref="PipeWriter"/> (a flush, or <c>WriteAsync</c>: a write and a flush)
/// or its <see cref="Stream"/> (with buffering disabled, as both servers disable it, Kestrel sends
/// every stream write at once; a flush is counted too), so two servers that write differently are
/// counted alike.
/// </summary>
public sealed class TwinSendCounter
{
    private int _sends;

    public int Sends => Volatile.Read(ref _sends);

    public void Reset() => Volatile.Write(ref _sends, 0);

    public void Use(WebApplication app) => app.Use(async (context, next) =>
    {
        var inner = context.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
        context.Features.Set<IHttpResponseBodyFeature>(new Feature(inner, this));
        try
        {
            await next(context);
        }
        finally
        {
            context.Features.Set(inner);
        }
    });

    private void Sent() => Interlocked.Increment(ref _sends);

    private sealed class Feature(IHttpResponseBodyFeature inner, TwinSendCounter counter) : IHttpResponseBodyFeature
    {
        public Stream Stream { get; } = new CountingStream(inner.Stream, counter);

        public PipeWriter Writer { get; } = new CountingWriter(inner.Writer, counter);

        public Task CompleteAsync() => inner.CompleteAsync();

        public void DisableBuffering() => inner.DisableBuffering();

        public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
            inner.SendFileAsync(path, offset, count, cancellationToken);

        public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);
    }

    private sealed class CountingWriter(PipeWriter inner, TwinSendCounter counter) : PipeWriter
    {
        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            counter.Sent();
            return inner.FlushAsync(cancellationToken);
        }

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            // PipeWriter.WriteAsync is a write and a flush.
            counter.Sent();
            return inner.WriteAsync(source, cancellationToken);
        }
    }

    private sealed class CountingStream(Stream inner, TwinSendCounter counter) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
            counter.Sent();
            inner.Flush();
        }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            counter.Sent();
            return inner.FlushAsync(cancellationToken);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            counter.Sent();
            inner.Write(buffer, offset, count);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            counter.Sent();
            return inner.WriteAsync(buffer, offset, count, cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            counter.Sent();
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
