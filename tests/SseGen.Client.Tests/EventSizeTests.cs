using System.Text;

namespace SseGen.Client.Tests;

public sealed class EventSizeTests
{
    [Fact]
    public async Task The_limit_is_an_option_and_counts_an_events_lines_together()
    {
        // Three data lines of 40 bytes each: one event of 3 x 46 bytes on the wire ("data: " included).
        var line = "data: " + new string('x', 40) + "\n";
        await using var server = MisbehavingServer.HalfOpen(line + line + "\n" + line + line + line + "\n");
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = Fast.Retry;
        options.MaxEventSize = 100;

        var items = new List<string>();
        var e = await Assert.ThrowsAsync<SseProtocolException>(async () =>
        {
            await foreach (var item in client.ReadSseTextAsync("/s", options, cts.Token))
            {
                items.Add(item.Data);
            }
        });

        Assert.Equal([new string('x', 40) + "\n" + new string('x', 40)], items); // 92 bytes: delivered
        Assert.Equal(SseProtocolError.EventTooLarge, e.Error);
        Assert.Contains("100 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_each_under_the_limit_and_keep_alive_comments_never_add_up_to_it()
    {
        var body = new StringBuilder();
        for (var i = 0; i < 50; i++)
        {
            body.Append(":keep-alive\n").Append(":").Append('c', 80).Append('\n'); // comments with no blank line: never an event
            body.Append("data: ").Append('x', 80).Append("\r\n\r\n");
        }

        body.Append("data: last\n\n");
        await using var server = MisbehavingServer.HalfOpen(body.ToString());
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var cts = new CancellationTokenSource(KestrelServer.Timeout);
        var options = Fast.Retry;
        options.MaxEventSize = 100;

        var count = 0;
        await foreach (var item in client.ReadSseTextAsync("/s", options, cts.Token))
        {
            count++;
            if (item.Data == "last")
            {
                break;
            }
        }

        Assert.Equal(51, count);
    }

    [Theory]
    // A comment line longer than the limit is still a line the parser would buffer.
    [InlineData(new[] { ":" + "cccccccccc" + "cccccccccc" + "c\n" }, true)]
    // A CRLF split across reads (CR | LF) is one line break, not a blank line: both lines are one event of 27 bytes.
    [InlineData(new[] { "data: 0123456789\r", "\ndata: 01234\n" }, true)]
    // ... and CRLF CRLF split the same way is a blank line, so the next event starts from zero.
    [InlineData(new[] { "data: 0123456789\r", "\n\r", "\ndata: 0123456789\r\n\r\n" }, false)]
    // CR alone ends lines too: CR CR is a blank line between two events of 16 bytes.
    [InlineData(new[] { "data: 0123456789\r\rdata: 0123456789\r\r", "data: 0123456789\r\r" }, false)]
    // ... and one CR between two lines is not.
    [InlineData(new[] { "data: 0123456789\rdata: 0123456789\r\r" }, true)]
    // Two 16-byte lines with no blank line between them: one event of 32 bytes.
    [InlineData(new[] { "data: 0123456789\n", "data: 0123456789\n" }, true)]
    // A 21-byte line split over three reads.
    [InlineData(new[] { "data: 01234", "56789", "01234" }, true)]
    public async Task The_counter_reads_line_breaks_as_the_spec_does(string[] reads, bool tooLarge)
    {
        using var inner = new ChunkStream(reads.Select(r => Encoding.UTF8.GetBytes(r)));
        using var limited = new EventSizeLimitStream(inner, 20, "/s");
        var buffer = new byte[64];
        Task Drain() => Task.Run(async () =>
        {
            while (await limited.ReadAsync(buffer) > 0)
            {
            }
        });

        if (tooLarge)
        {
            Assert.Equal(SseProtocolError.EventTooLarge, (await Assert.ThrowsAsync<SseProtocolException>(Drain)).Error);
        }
        else
        {
            await Drain();
        }
    }

    /// <summary>Returns one chunk per read, as a socket would deliver writes made apart.</summary>
    private sealed class ChunkStream(IEnumerable<byte[]> chunks) : Stream
    {
        private readonly Queue<byte[]> _chunks = new(chunks);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (!_chunks.TryDequeue(out var chunk))
            {
                return ValueTask.FromResult(0);
            }

            chunk.CopyTo(buffer);
            return ValueTask.FromResult(chunk.Length);
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
