namespace SseGen.Generator.Model;

/// <summary>An attribute of an endpoint method, kept so generated code can recreate it as endpoint metadata.</summary>
/// <param name="Type">The attribute class.</param>
/// <param name="ConstructorArguments">Its constructor arguments, in order.</param>
/// <param name="NamedArguments">Its property and field assignments, in source order.</param>
internal sealed record AttributeInfo(
    TypeRef Type,
    EquatableArray<ConstantInfo> ConstructorArguments,
    EquatableArray<NamedArgumentInfo> NamedArguments);
