namespace SseGen.Generator.Model;

/// <summary>An endpoint with the JSON context that serializes its items (null for text items).</summary>
internal sealed record ResolvedEndpoint(EndpointModel Endpoint, TypeRef? JsonContext);
