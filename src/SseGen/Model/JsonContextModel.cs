namespace SseGen.Generator.Model;

/// <summary>A <c>JsonSerializerContext</c> the app declares, and the types its <c>[JsonSerializable]</c> list names.</summary>
/// <param name="Type">The context.</param>
/// <param name="IsAccessible">Whether generated code in the same assembly can reach <c>Default</c>.</param>
/// <param name="SerializableTypes">Each listed type's <see cref="TypeRef.FullyQualifiedName"/>, sorted.</param>
internal sealed record JsonContextModel(TypeRef Type, bool IsAccessible, EquatableArray<string> SerializableTypes);
