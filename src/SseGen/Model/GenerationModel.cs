namespace SseGen.Generator.Model;

/// <summary>What the generator emits for one assembly.</summary>
/// <param name="Endpoints">Every endpoint it could model, sorted by route.</param>
/// <param name="Skipped">Every <c>[SseEndpoint]</c> method it leaves out, sorted by name: mapping fails at startup while there is one.</param>
internal sealed record GenerationModel(EquatableArray<ResolvedEndpoint> Endpoints, EquatableArray<SkippedEndpoint> Skipped);
