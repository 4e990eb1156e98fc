using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>
/// Sits in front of <c>SseParser</c>, which buffers a line, and an event's data, without bound: it counts the bytes of the
/// current line and of the current event's field lines (a blank line ends an event; comment lines count as lines but not
/// toward the event) and fails the read that would take either past the limit, before the parser sees those bytes. So the
/// parser holds at most about the limit, plus one read. The complete events before the offending line in the same read
/// are passed on first (the read is cut short there), and the next read fails.
/// It also hands the parser LF line breaks only (CR and CRLF become LF): SseParser holds a CR that ends what it has read
/// until the next byte says whether an LF follows, so on a stream that ends its lines with CR alone each event waited for
/// the next one; this counter already knows where every line ends, CRLF split across reads included.
/// </summary>
internal sealed class EventSizeLimitStream(Stream inner, int maxEventSize, string requestUri) : Stream
{
    private long _lineBytes;
    private long _eventBytes;
    private bool _lineIsComment;
    private bool _afterCarriageReturn;
    private SseProtocolException? _failed;

    /// <summary>Whether the bytes passed on so far end inside an event: a field line since the last blank line, or part of one.</summary>
    public bool InEvent => _eventBytes > 0 || (_lineBytes > 0 && !_lineIsComment);

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
        while (true)
        {
            if (_failed is not null)
            {
                throw _failed;
            }

            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return 0;
            }

            var passed = Count(buffer.Span[..read]);
            if (passed > 0)
            {
                return passed;
            }

            // Nothing to pass on (the LF of a CRLF split across reads, or the limit): 0 would read as the end of the body.
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
    /// Counts <paramref name="read"/> and rewrites it in place with LF line breaks only; returns how many bytes the parser
    /// may see: all of them, or those before the line that went past the limit (then <see cref="_failed"/> is set). Line
    /// breaks are CR, LF or CRLF, as the spec reads them; a CRLF split across two reads is one break.
    /// </summary>
    private int Count(Span<byte> read)
    {
        var written = 0;
        var next = 0;
        while (next < read.Length)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (read[next] == (byte)'\n')
                {
                    next++;
                    continue;
                }
            }

            var rest = read[next..];
            var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
            var content = end < 0 ? rest.Length : end;
            if (content > 0)
            {
                if (_lineBytes == 0)
                {
                    _lineIsComment = rest[0] == (byte)':';
                }

                _lineBytes += content;
                if (_lineBytes > maxEventSize || (!_lineIsComment && _eventBytes + _lineBytes > maxEventSize))
                {
                    _failed = TooLarge();
                    return written;
                }

                rest[..content].CopyTo(read[written..]);
                written += content;
            }

            if (end < 0)
            {
                break;
            }

            if (_lineBytes == 0)
            {
                _eventBytes = 0; // a blank line: the event is dispatched (or dropped) and its buffers cleared
            }
            else if (!_lineIsComment)
            {
                _eventBytes += _lineBytes;
            }

            _lineBytes = 0;
            _afterCarriageReturn = rest[end] == (byte)'\r';
            read[written++] = (byte)'\n';
            next += end + 1;
        }

        return written;
    }

    private SseProtocolException TooLarge() => new(
        SseProtocolError.EventTooLarge,
        requestUri,
        $"The SSE stream {requestUri} sent {(_lineIsComment ? "a comment line" : "an event")} of more than {maxEventSize} bytes " +
        $"(SseClientOptions.MaxEventSize) without {(_lineIsComment ? "a line break" : "the blank line that ends it")}. " +
        "The stream ends here and is not resumed: the server would send the same event again.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
