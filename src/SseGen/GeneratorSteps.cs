namespace SseGen.Generator;

/// <summary>Names of the tracked pipeline steps, so tests can assert how each one re-ran.</summary>
internal static class GeneratorSteps
{
    public const string Endpoints = nameof(Endpoints);
    public const string JsonContexts = nameof(JsonContexts);
    public const string RuntimeReferenced = nameof(RuntimeReferenced);
    public const string AssemblyName = nameof(AssemblyName);
    public const string OpenApiReferenced = nameof(OpenApiReferenced);
    public const string Generation = nameof(Generation);
}
