using System.IO.Pipelines;
using System.Text;

namespace SseGen.Runtime.Tests;

/// <summary>A pipe whose written bytes can be read back as text, for exact wire-format assertions.</summary>
internal sealed class PipeCapture
{
    private readonly Pipe _pipe = new();

    public PipeWriter Writer => _pipe.Writer;

    public async Task<string> ReadAllAsync()
    {
        await _pipe.Writer.FlushAsync();
        await _pipe.Writer.CompleteAsync();
        var builder = new StringBuilder();
        while (true)
        {
            var result = await _pipe.Reader.ReadAsync();
            foreach (var segment in result.Buffer)
            {
                builder.Append(Encoding.UTF8.GetString(segment.Span));
            }

            _pipe.Reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return builder.ToString();
            }
        }
    }
}
