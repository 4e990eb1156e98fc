using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Parsing;

/// <summary>The framework and SseGen types the parser compares against, resolved once per compilation.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        SseEndpointAttribute = compilation.GetTypeByMetadataName(SseEndpointAttributeName);
        IAsyncEnumerable = compilation.GetTypeByMetadataName("System.Collections.Generic.IAsyncEnumerable`1");
        SseItem = compilation.GetTypeByMetadataName("System.Net.ServerSentEvents.SseItem`1");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        EnumeratorCancellationAttribute = compilation.GetTypeByMetadataName("System.Runtime.CompilerServices.EnumeratorCancellationAttribute");
        HttpContext = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpContext");
        HttpRequest = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpRequest");
        HttpResponse = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.HttpResponse");
        ClaimsPrincipal = compilation.GetTypeByMetadataName("System.Security.Claims.ClaimsPrincipal");
        FromRoute = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata");
        FromQuery = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata");
        FromHeader = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata");
        FromServices = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata");
        FromBody = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata");
        FromForm = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata");
        FromKeyedServices = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
        AsParameters = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.AsParametersAttribute");
        IParsable = compilation.GetTypeByMetadataName("System.IParsable`1");
        ActivatorUtilitiesConstructor = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute");
        IDisposable = compilation.GetSpecialType(SpecialType.System_IDisposable);
        IAsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        SseStreamLimitAttribute = compilation.GetTypeByMetadataName("SseGen.SseStreamLimitAttribute");
        SseChannels = compilation.GetTypeByMetadataName("SseGen.SseChannels`1");
        SseChannel = compilation.GetTypeByMetadataName("SseGen.SseChannel`1");
    }

    public const string SseEndpointAttributeName = "SseGen.SseEndpointAttribute";
    public const string JsonSerializableAttributeName = "System.Text.Json.Serialization.JsonSerializableAttribute";

    /// <summary>
    /// Whether the compilation can use what the stream's OpenAPI description is written with:
    /// Microsoft.AspNetCore.OpenApi 10's per-endpoint <c>AddOpenApiOperationTransformer</c> (the
    /// class is older, the method is not) over Microsoft.OpenApi 2.x (<c>JsonNodeExtension</c>).
    /// </summary>
    public static bool CanDescribeStreams(Compilation compilation) =>
        compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.OpenApiEndpointConventionBuilderExtensions") is { } extensions
        && !extensions.GetMembers("AddOpenApiOperationTransformer").IsEmpty
        && compilation.GetTypeByMetadataName("Microsoft.OpenApi.JsonNodeExtension") is not null;

    public INamedTypeSymbol? SseEndpointAttribute { get; }
    public INamedTypeSymbol? IAsyncEnumerable { get; }
    public INamedTypeSymbol? SseItem { get; }
    public INamedTypeSymbol? CancellationToken { get; }
    public INamedTypeSymbol? EnumeratorCancellationAttribute { get; }
    public INamedTypeSymbol? HttpContext { get; }
    public INamedTypeSymbol? HttpRequest { get; }
    public INamedTypeSymbol? HttpResponse { get; }
    public INamedTypeSymbol? ClaimsPrincipal { get; }
    public INamedTypeSymbol? FromRoute { get; }
    public INamedTypeSymbol? FromQuery { get; }
    public INamedTypeSymbol? FromHeader { get; }
    public INamedTypeSymbol? FromServices { get; }
    public INamedTypeSymbol? FromBody { get; }
    public INamedTypeSymbol? FromForm { get; }
    public INamedTypeSymbol? FromKeyedServices { get; }
    public INamedTypeSymbol? AsParameters { get; }
    public INamedTypeSymbol? IParsable { get; }
    public INamedTypeSymbol? ActivatorUtilitiesConstructor { get; }
    public INamedTypeSymbol IDisposable { get; }
    public INamedTypeSymbol? IAsyncDisposable { get; }
    public INamedTypeSymbol? SseStreamLimitAttribute { get; }
    public INamedTypeSymbol? SseChannels { get; }
    public INamedTypeSymbol? SseChannel { get; }

    // Called once per [SseEndpoint] method by the generator's transform: without the cache, every
    // method paid ~20 GetTypeByMetadataName lookups, which Roslyn does not cache.
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> PerCompilation = new();

    public static KnownTypes From(Compilation compilation) => PerCompilation.GetValue(compilation, static c => new KnownTypes(c));
}
