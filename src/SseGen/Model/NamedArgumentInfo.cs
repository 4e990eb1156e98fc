namespace SseGen.Generator.Model;

/// <summary>One <c>Name = value</c> of an attribute.</summary>
internal sealed record NamedArgumentInfo(string Name, ConstantInfo Value);
