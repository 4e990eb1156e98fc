using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>
/// The response body as the parser reads it: every read runs under the idle timer (any byte, keep-alive comments
/// included, proves the connection alive, although the parser never surfaces comments), and
/// <see cref="AbortAsync"/> closes an unfinished connection at once instead of letting the handler drain it.
/// </summary>
internal sealed class IdleWatchStream(Stream inner, IdleTimer idle) : Stream
{
    private bool _ended;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        idle.Restart();
        try
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            _ended |= read == 0 && buffer.Length > 0;
            return read;
        }
        finally
        {
            idle.Stop();
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The SSE client reads asynchronously only.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>
    /// Closes the connection if its body has not ended. Disposing an unfinished response would make the handler
    /// drain the endless body (SocketsHttpHandler: up to 1 MB or 2 s) and keep the server's stream running meanwhile;
    /// a pending read that is cancelled makes the handler close the connection instead.
    /// </summary>
    public async ValueTask AbortAsync()
    {
        var scratch = new byte[256];
        for (var attempt = 0; attempt < 64 && !_ended; attempt++)
        {
            using var cts = new CancellationTokenSource();
            ValueTask<int> read;
            try
            {
                read = inner.ReadAsync(scratch, cts.Token);
            }
            catch (Exception)
            {
                break; // already closed
            }

            if (!read.IsCompleted)
            {
                cts.Cancel();
            }

            try
            {
                _ended |= await read.ConfigureAwait(false) == 0;
            }
            catch (Exception)
            {
                break; // cancelled or failed: the connection is closed
            }

            if (cts.IsCancellationRequested)
            {
                break;
            }
        }

        inner.Dispose();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
