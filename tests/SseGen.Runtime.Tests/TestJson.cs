using System.Text.Json.Serialization;

namespace SseGen.Runtime.Tests;

public sealed record Note(string Text, int Number);

[JsonSerializable(typeof(Note))]
internal sealed partial class TestJson : JsonSerializerContext;
