using System.Text.Json.Serialization;

namespace SseGen.IntegrationTests;

/// <summary>A JSON payload with multi-word property names, to see the naming policy at work.</summary>
public sealed record Tick(int SeqNo, string DisplayName);

/// <summary>A JSON payload carrying free text.</summary>
public sealed record Note(string Text);

/// <summary>A numbered item, for ordering checks.</summary>
public sealed record Seq(int N);

/// <summary>The one JSON context of the test assembly: the generator finds every payload type here.</summary>
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(Note))]
[JsonSerializable(typeof(Seq))]
[JsonSerializable(typeof(SseGen.IntegrationTests.Broadcast.Counted))]
internal sealed partial class TestJson : JsonSerializerContext;

/// <summary>A type listed in no context: serializing it needs reflection, which this assembly has turned off.</summary>
public sealed record Unlisted(int Value);

/// <summary>The test side's reader of the payloads: web defaults (camelCase, case-insensitive) over the source-generated context.</summary>
internal static class WebJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = CreateOptions();

    public static System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> Info<T>() =>
        (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static System.Text.Json.JsonSerializerOptions CreateOptions()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { TypeInfoResolver = TestJson.Default };
        options.MakeReadOnly();
        return options;
    }
}
