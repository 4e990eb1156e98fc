namespace SseGen.Generator.Model;

/// <summary>One <c>[SseEndpoint]</c> method as the generator found it: a model to emit, or the reason it cannot be.</summary>
/// <param name="Endpoint">The endpoint, when the method could be modelled.</param>
/// <param name="Skipped">Why not, otherwise.</param>
internal sealed record EndpointCandidate(EndpointModel? Endpoint, SkippedEndpoint? Skipped);
