using System.Text.Json.Serialization;

namespace SseGen.Runtime.Tests;

public sealed record Note(string Text, int Number);

/// <summary>A payload whose serialization fails half-way (its getter throws).</summary>
public sealed class Exploding
{
    public int Before => 1;

    public int Value => throw new InvalidOperationException("boom");
}

[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(Exploding))]
internal sealed partial class TestJson : JsonSerializerContext;

/// <summary>A struct payload, which System.Text.Json's metadata path boxes and its fast path does not.</summary>
public readonly record struct Reading(long Seq, long Ts, double Value);

/// <summary>A property whose JSON name is not ASCII.</summary>
public sealed record Labelled([property: JsonPropertyName("größe")] string Value);

/// <summary>Declared with the web defaults ASP.NET Core's <c>JsonOptions</c> use, so its fast path can apply to them.</summary>
[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Reading))]
[JsonSerializable(typeof(Labelled))]
internal sealed partial class WebTestJson : JsonSerializerContext;
