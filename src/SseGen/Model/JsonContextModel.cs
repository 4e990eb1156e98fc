namespace SseGen.Generator.Model;

/// <summary>A <c>JsonSerializerContext</c> the app declares, and the types its <c>[JsonSerializable]</c> list names.</summary>
/// <param name="Type">The context's <c>global::</c>-qualified name.</param>
/// <param name="IsAccessible">Whether generated code in the same assembly can reach <c>Default</c>.</param>
/// <param name="SerializableTypes">Each listed type's <c>global::</c>-qualified name, sorted.</param>
internal sealed record JsonContextModel(string Type, bool IsAccessible, EquatableArray<string> SerializableTypes);
