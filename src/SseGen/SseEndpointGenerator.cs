using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SseGen.Generator.Emitting;
using SseGen.Generator.Model;
using SseGen.Generator.Parsing;
using SseGen.Generator.Resolving;

namespace SseGen.Generator;

/// <summary>
/// Finds <c>[SseEndpoint]</c> methods and <c>JsonSerializerContext</c> classes, models them as
/// plain values, and emits <c>MapSseEndpoints()</c> and the public <c>Map&lt;AssemblyName&gt;SseEndpoints()</c>.
/// Reports nothing: the analyzers do, from the same parser; a method that cannot be modelled is
/// left out, and the generated mapping fails at startup naming it and the rule.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SseEndpointGenerator : IIncrementalGenerator
{
    private static readonly string Version =
        typeof(SseEndpointGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(SseEndpointGenerator).Assembly.GetName().Version?.ToString()
        ?? "0.0.0";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var endpoints = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.SseEndpointAttributeName,
                static (node, _) => node is MethodDeclarationSyntax,
                static (ctx, ct) => ctx.TargetSymbol is IMethodSymbol method
                    ? EndpointParser.ParseCandidate(method, ctx.Attributes[0], KnownTypes.From(ctx.SemanticModel.Compilation), ct)
                    : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(GeneratorSteps.Endpoints);

        var contexts = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                KnownTypes.JsonSerializableAttributeName,
                static (node, _) => node is ClassDeclarationSyntax,
                static (ctx, _) => ctx.TargetSymbol is INamedTypeSymbol type ? JsonContextParser.Parse(type) : null)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(GeneratorSteps.JsonContexts);

        var runtimeReferenced = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(KnownTypes.SseEndpointAttributeName) is not null)
            .WithTrackingName(GeneratorSteps.RuntimeReferenced);

        // Names the public Map<AssemblyName>SseEndpoints() a host calls to map a library's endpoints.
        var assemblyName = context.CompilationProvider
            .Select(static (compilation, _) => compilation.AssemblyName ?? string.Empty)
            .WithTrackingName(GeneratorSteps.AssemblyName);

        // The stream's OpenAPI description uses Microsoft.AspNetCore.OpenApi's types: emitted only when the app references it.
        var openApiReferenced = context.CompilationProvider
            .Select(static (compilation, _) => KnownTypes.CanDescribeStreams(compilation))
            .WithTrackingName(GeneratorSteps.OpenApiReferenced);

        var generation = endpoints.Collect()
            .Combine(contexts.Collect())
            .Select(static (pair, _) => EndpointResolver.Resolve(pair.Left, pair.Right))
            .Combine(runtimeReferenced)
            .Combine(assemblyName)
            .Combine(openApiReferenced)
            .WithTrackingName(GeneratorSteps.Generation);

        context.RegisterSourceOutput(generation, static (spc, pair) =>
        {
            var ((model, runtimeReferenced), assembly) = pair.Left;
            if (runtimeReferenced)
            {
                spc.AddSource(EndpointsEmitter.HintName, EndpointsEmitter.Emit(model, assembly, Version, openApi: pair.Right));
            }
        });
    }
}
