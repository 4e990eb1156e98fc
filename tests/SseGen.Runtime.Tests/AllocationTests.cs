using System.IO.Pipelines;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>Framing an event is on the hot path: it must not allocate per event.</summary>
public class AllocationTests
{
    [Fact]
    public async Task Writing_json_and_text_events_allocates_nothing_per_event()
    {
        var pipe = PipeWriter.Create(Stream.Null, new StreamPipeWriterOptions(leaveOpen: true));
        var frame = new SseFrameWriter(pipe);
        var note = new Note("steady state", 42);
        const string text = "line one\nline two";

        // Warm up: the JSON writer, the pipe's buffers and the type metadata are created once.
        for (var i = 0; i < 100; i++)
        {
            frame.WriteJsonEvent(note, TestJson.Default.Note, "n", "1");
            frame.WriteTextEvent(text, "t");
            await pipe.FlushAsync();
        }

        const int events = 10_000;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < events / 2; i++)
        {
            frame.WriteJsonEvent(note, TestJson.Default.Note, "n", "1");
            frame.WriteTextEvent(text, "t");
            if (i % 50 == 0)
            {
                frame.MarkFlushed();
                await pipe.FlushAsync();
            }
        }

        var perEvent = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)events;
        Assert.True(perEvent < 1, $"framing allocated {perEvent:F2} bytes per event");
    }
}
