using System.Text;

namespace SseGen.Runtime.Tests;

/// <summary>
/// A response body that keeps what each flush put on the wire, one string per flush, and can be
/// read while the stream loop writes to it from another thread.
/// </summary>
internal sealed class RecordingBody : Stream
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _pending = new();
    private readonly List<string> _flushes = [];

    public IReadOnlyList<string> Flushes
    {
        get
        {
            lock (_gate)
            {
                return [.. _flushes];
            }
        }
    }

    public string Text => string.Concat(Flushes);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        lock (_gate)
        {
            _pending.Append(Encoding.UTF8.GetString(buffer));
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return default;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
        lock (_gate)
        {
            if (_pending.Length > 0)
            {
                _flushes.Add(_pending.ToString());
                _pending.Clear();
            }
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <summary>Polls until <paramref name="condition"/> holds for what was flushed; fails after 5 s.</summary>
    public async Task WaitForAsync(Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition(Text))
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting for {what}; flushed so far: {Text}");
            await Task.Delay(5);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
