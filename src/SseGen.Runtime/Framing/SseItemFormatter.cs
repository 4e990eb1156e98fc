using System.ComponentModel;
using System.Text.Json;

namespace SseGen.Infrastructure;

/// <summary>Turns one item of an endpoint's stream into one SSE event. Created once per endpoint by generated code.</summary>
/// <typeparam name="T">The item type of the stream.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class SseItemFormatter<T>
{
    /// <summary>Options for the per-connection JSON writer.</summary>
    public virtual JsonWriterOptions JsonWriterOptions => default;

    /// <summary>Writes <paramref name="item"/> as one complete event.</summary>
    public abstract void Write(SseFrameWriter writer, T item);

    private protected static JsonWriterOptions FromSerializerOptions(JsonSerializerOptions options) => new()
    {
        Encoder = options.Encoder,
        Indented = options.WriteIndented,
        IndentCharacter = options.IndentCharacter,
        IndentSize = options.IndentSize,
        MaxDepth = options.MaxDepth,
        NewLine = options.NewLine,
        SkipValidation = true,
    };
}
