using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

/// <summary>Every CR, LF or CRLF in a payload starts a new data line: a payload can never end its event early.</summary>
public class DataLineSplittingTests
{
    [Theory]
    [InlineData("a\nb", "data: a\ndata: b\n\n")]
    [InlineData("a\rb", "data: a\ndata: b\n\n")]
    [InlineData("a\r\nb", "data: a\ndata: b\n\n")]
    [InlineData("a\n\nb", "data: a\ndata: \ndata: b\n\n")]
    [InlineData("a\r\rb", "data: a\ndata: \ndata: b\n\n")]
    [InlineData("\n", "data: \ndata: \n\n")]
    [InlineData("plain", "data: plain\n\n")]
    [InlineData("", "data: \n\n")]
    public async Task Text_payload_line_breaks_become_data_lines(string text, string expected)
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent(text);
        Assert.Equal(expected, await capture.ReadAllAsync());
    }

    [Fact]
    public async Task Injected_event_fields_stay_inside_data_lines()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent("x\n\nevent: evil\r\nid: 666\rdata: y");
        var wire = await capture.ReadAllAsync();
        Assert.Equal("data: x\ndata: \ndata: event: evil\ndata: id: 666\ndata: data: y\n\n", wire);
        Assert.DoesNotContain("\nevent:", wire);
        Assert.DoesNotContain("\nid:", wire);
    }

    [Fact]
    public async Task A_CRLF_split_across_two_writes_is_one_line_break()
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        var data = new SseDataLineWriter(frame);
        Write(data, "a\r");
        Write(data, "\nb");
        frame.Commit();
        Assert.Equal("a\ndata: b", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task A_CR_at_the_end_of_one_write_followed_by_text_breaks_once()
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        var data = new SseDataLineWriter(frame);
        Write(data, "a\r");
        Write(data, "b");
        frame.Commit();
        Assert.Equal("a\ndata: b", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task Multi_byte_utf8_text_survives_unchanged()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteTextEvent("größe → 大きさ 🎉");
        Assert.Equal("data: größe → 大きさ 🎉\n\n", await capture.ReadAllAsync());
    }

    private static void Write(SseDataLineWriter writer, string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }
}
