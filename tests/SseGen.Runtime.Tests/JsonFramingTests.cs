using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using SseGen.Infrastructure;

namespace SseGen.Runtime.Tests;

public class JsonFramingTests
{
    [Fact]
    public async Task Json_is_written_on_one_data_line_with_newlines_in_strings_escaped()
    {
        var capture = new PipeCapture();
        new SseFrameWriter(capture.Writer).WriteJsonEvent(new Note("line1\nline2", 7), TestJson.Default.Note);
        Assert.Equal("data: {\"Text\":\"line1\\nline2\",\"Number\":7}\n\n", await capture.ReadAllAsync());
    }

    [Fact]
    public async Task Indented_json_is_split_into_data_lines_that_rejoin_to_the_same_document()
    {
        var options = new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = TestJson.Default };
        var info = (JsonTypeInfo<Note>)options.GetTypeInfo(typeof(Note));
        var formatter = new JsonItemFormatter<Note>(info);
        var capture = new PipeCapture();
        formatter.Write(new SseFrameWriter(capture.Writer, formatter.JsonWriterOptions), new Note("a", 1));
        var wire = await capture.ReadAllAsync();

        var lines = wire.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length > 1, "indented JSON should span several data lines: " + wire);
        Assert.All(lines, line => Assert.StartsWith("data: ", line));
        var rejoined = string.Join("\n", lines.Select(l => l["data: ".Length..]));
        Assert.Equal(new Note("a", 1), JsonSerializer.Deserialize(rejoined, TestJson.Default.Note));
    }

    [Fact]
    public async Task The_json_writer_is_reused_across_events()
    {
        var capture = new PipeCapture();
        var frame = new SseFrameWriter(capture.Writer);
        frame.WriteJsonEvent(new Note("a", 1), TestJson.Default.Note);
        frame.WriteJsonEvent(new Note("b", 2), TestJson.Default.Note, "n", "2");
        Assert.Equal(
            "data: {\"Text\":\"a\",\"Number\":1}\n\nevent: n\nid: 2\ndata: {\"Text\":\"b\",\"Number\":2}\n\n",
            await capture.ReadAllAsync());
    }
}
