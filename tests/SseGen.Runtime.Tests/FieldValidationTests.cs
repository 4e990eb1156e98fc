using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>An event type or id that would break the framing is refused before any byte of its frame is written.</summary>
public class FieldValidationTests
{
    [Theory]
    [InlineData("bad\nname")]
    [InlineData("bad\rname")]
    [InlineData("bad\r\nname")]
    public async Task Event_type_with_a_line_break_is_refused_and_not_written(string eventType)
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        var error = Assert.Throws<SseFormatException>(() => frame.WriteTextEvent("payload", eventType));
        Assert.Contains("event type", error.Message);
        Assert.Equal(0, frame.UnflushedBytes);
        Assert.Equal(string.Empty, await capture.ReadAllAsync());
    }

    [Theory]
    [InlineData("1\n2")]
    [InlineData("1\r2")]
    [InlineData("1\02")]
    public async Task Id_with_a_line_break_or_nul_is_refused_and_not_written(string id)
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        Assert.Throws<SseFormatException>(() => frame.WriteTextEvent("payload", "ok", id));
        Assert.Equal(string.Empty, await capture.ReadAllAsync());
    }

    [Fact]
    public async Task A_refused_frame_leaves_earlier_frames_intact()
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        frame.WriteTextEvent("first", id: "1");
        Assert.Throws<SseFormatException>(() => frame.WriteTextEvent("second", id: "2\n"));
        Assert.Equal("id: 1\ndata: first\n\n", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task Event_id_and_retry_are_written_before_the_data()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent("x", "update", "42", TimeSpan.FromMilliseconds(1500));
        Assert.Equal("event: update\nid: 42\nretry: 1500\ndata: x\n\n", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task The_default_message_event_type_is_not_written()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent("x", "message");
        Assert.Equal("data: x\n\n", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task An_empty_id_is_written_because_it_resets_the_browsers_last_event_id()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent("x", id: string.Empty);
        Assert.Equal("id: \ndata: x\n\n", await capture.ReadAllAsync());
    }

    [Fact]
    public void A_negative_retry_is_refused()
    {
        var frame = new SseFrameWriter(new PipeCapture().Writer);
        Assert.Throws<SseFormatException>(() => frame.WriteRetry(TimeSpan.FromSeconds(-1)));
    }
}
