using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>
/// Frames share the output's spans: a stream loop that commits before it flushes makes one
/// GetMemory/Advance pair per span (each takes a lock in Kestrel's response writer), not three per event.
/// </summary>
public sealed class SpanCoalescingTests
{
    [Fact]
    public void A_writer_that_defers_its_commit_advances_the_output_once_per_span_not_once_per_event()
    {
        var output = new CountingBufferWriter();
        var frame = new SseFrameWriter(output, default) { DeferCommit = true };
        const int events = 1000;
        for (var i = 0; i < events; i++)
        {
            frame.WriteJsonEvent(new Note("tick", i), TestJson.Default.Note);
        }

        // Only whole spans reached the output; the last one arrives with the commit.
        var beforeCommit = output.Written;
        frame.Commit();
        Assert.True(output.Written > beforeCommit, "the last span was committed before Commit()");

        var text = Encoding.UTF8.GetString(output.WrittenSpan);
        Assert.Equal(events, text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith("data: {\"Text\":\"tick\",\"Number\":0}\n\n", text, StringComparison.Ordinal);
        // ~40 bytes per event in 4 KiB spans: about one Advance per hundred events.
        Assert.True(output.Advances <= (output.Written / 512) + 1, $"{output.Advances} Advance calls for {events} events ({output.Written} bytes)");
        Assert.True(output.GetMemoryCalls <= output.Advances + 1, $"{output.GetMemoryCalls} GetMemory calls for {output.Advances} Advance calls");
    }

    [Fact]
    public void A_writer_that_commits_every_frame_advances_the_output_once_per_event()
    {
        var output = new CountingBufferWriter();
        var frame = new SseFrameWriter(output, default);
        for (var i = 0; i < 100; i++)
        {
            frame.WriteJsonEvent(new Note("tick", i), TestJson.Default.Note);
            Assert.EndsWith("\n\n", Encoding.UTF8.GetString(output.WrittenSpan), StringComparison.Ordinal);
        }

        Assert.Equal(100, output.Advances);
    }

    [Fact]
    public void After_a_payload_that_failed_to_serialize_the_next_frame_starts_clean_in_a_reset_buffer()
    {
        // As a broadcast channel frames each published item: reset the buffer, write one frame.
        var output = new ArrayBufferWriter<byte>();
        var frame = new SseFrameWriter(output, default);
        Assert.Throws<InvalidOperationException>(() => frame.WriteJsonEvent(new Exploding(), TestJson.Default.Exploding));

        output.ResetWrittenCount();
        frame.WriteJsonEvent(new Note("ok", 1), TestJson.Default.Note);

        Assert.Equal("data: {\"Text\":\"ok\",\"Number\":1}\n\n", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    /// <summary>An output that counts the calls a writer makes into it.</summary>
    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        private readonly ArrayBufferWriter<byte> _inner = new(4096);
        private Memory<byte> _handed;

        public int Advances { get; private set; }

        public int GetMemoryCalls { get; private set; }

        public int Written => _inner.WrittenCount;

        public ReadOnlySpan<byte> WrittenSpan => _inner.WrittenSpan;

        public void Advance(int count)
        {
            Advances++;
            _inner.Advance(count);
        }

        // Hands out segments of at most 4 KiB, as Kestrel's response writer does.
        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            GetMemoryCalls++;
            _handed = _inner.GetMemory(Math.Max(sizeHint, 4096));
            return _handed[..Math.Max(sizeHint, Math.Min(_handed.Length, 4096))];
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
