namespace SseGen.Generator.Model;

/// <summary>What the generator emits for one assembly: every endpoint it could model, sorted by route.</summary>
internal sealed record GenerationModel(EquatableArray<ResolvedEndpoint> Endpoints);
