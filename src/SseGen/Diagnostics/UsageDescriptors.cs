using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Diagnostics;

/// <summary>
/// Descriptors of the usage rules SSE101–SSE111: errors (SSE110 a warning) in the "Usage" category that say why the
/// generator skipped a method. Raised by <c>UsageAnalyzer</c> from the generator's own parser.
/// </summary>
internal static class UsageDescriptors
{
    private const string Category = "Usage";

    public static readonly DiagnosticDescriptor NotAsyncEnumerable = Create(
        DiagnosticIds.NotAsyncEnumerable,
        "An [SseEndpoint] method must return IAsyncEnumerable<T>",
        "'{0}' returns {1}; an [SseEndpoint] method must return IAsyncEnumerable<T>",
        "Each item of the IAsyncEnumerable<T> becomes one event; a method returning anything else has no stream to send, so no endpoint is generated for it.");

    public static readonly DiagnosticDescriptor ItemTypeNotSerializable = Create(
        DiagnosticIds.ItemTypeNotSerializable,
        "The item type is listed in no JsonSerializerContext",
        "The items of '{0}' cannot be serialized without reflection: {1}",
        "Items are serialized with source-generated JSON metadata so the endpoint works under trimming and Native AOT; the item type (or the T of SseItem<T>) must be listed with [JsonSerializable] in a JsonSerializerContext of the assembly.");

    public static readonly DiagnosticDescriptor UnbindableParameter = Create(
        DiagnosticIds.UnbindableParameter,
        "A parameter of an [SseEndpoint] method cannot be bound",
        "Parameter '{0}' cannot be bound: {1}",
        "Parameters are bound at compile time from the route, the query string, a header, DI or the request itself; an SSE endpoint is a GET, so a body, a form, ref/out parameters and types without TryParse have no source.");

    public static readonly DiagnosticDescriptor RouteParameterWithoutMethodParameter = Create(
        DiagnosticIds.RouteParameterWithoutMethodParameter,
        "A route parameter has no method parameter",
        "The route of '{0}' has the parameter '{1}', but the method has no parameter that binds it",
        "A route parameter that no method parameter binds is matched and then ignored, which is almost always a typo in the route or in the parameter's name.");

    public static readonly DiagnosticDescriptor DuplicateRoute = Create(
        DiagnosticIds.DuplicateRoute,
        "Two [SseEndpoint] methods map the same route",
        "'{0}' maps the route \"{1}\", which '{2}' maps too (\"{3}\"); routing could not choose between them",
        "Two GET endpoints whose routes have the same literal segments and the same parameters in the same places with the same constraints (names, optional markers and defaults aside) match the same requests with the same precedence, which ASP.NET Core reports only at run time as an ambiguous match; neither is generated. Routes that differ in a constraint (/items/{id:int} and /items/{slug:alpha}) or in a catch-all (/files/{*path} and /files/{id}) are fine.");

    public static readonly DiagnosticDescriptor GenericOrInaccessible = Create(
        DiagnosticIds.GenericOrInaccessible,
        "An [SseEndpoint] method must be non-generic and reachable from generated code",
        "'{0}' cannot be an SSE endpoint: {1}",
        "The generated code calls the method from another class of the same assembly, so the method and every type containing it must be public or internal, not file-local, and not generic.");

    public static readonly DiagnosticDescriptor UnconstructibleInstance = Create(
        DiagnosticIds.UnconstructibleInstance,
        "The class of an instance [SseEndpoint] method cannot be built from DI",
        "'{0}' cannot be constructed per request: {1}; make the method static or give the class one public constructor",
        "For an instance method, the generated code builds its class per request from DI with one constructor chosen at compile time, as ActivatorUtilities would; the class must be concrete and that choice unambiguous.");

    public static readonly DiagnosticDescriptor AmbiguousJsonContext = Create(
        DiagnosticIds.AmbiguousJsonContext,
        "Several JsonSerializerContexts list the item type",
        "Several JsonSerializerContexts list the items of '{0}' ({1}); choose one with [SseEndpoint(..., JsonContext = typeof(...))]",
        "Contexts can differ in naming policy and converters, so the generator does not pick one silently; name the one to use with the attribute's JsonContext property.");

    public static readonly DiagnosticDescriptor InvalidRouteOrEventName = Create(
        DiagnosticIds.InvalidRouteOrEventName,
        "The [SseEndpoint] route pattern or event name is invalid",
        "'{0}' has an invalid [SseEndpoint]: {1}",
        "A malformed route pattern would fail when the app maps it, and an event name with a line break would end the event early on the wire; both are refused at compile time.");

    public static readonly DiagnosticDescriptor UnwritableMetadata = Create(
        DiagnosticIds.UnwritableMetadata,
        "An endpoint metadata attribute cannot be written by generated code",
        "'{0}' carries [{1}], which generated code cannot recreate as endpoint metadata: {2}",
        "Every attribute on an [SseEndpoint] method and on its class becomes endpoint metadata ([Authorize], [EnableCors], [EnableRateLimiting], …), recreated by generated code in another class of the same assembly. An attribute whose class, constructor or arguments that code cannot name (private, protected or file-local) cannot be carried, and leaving it out could map an endpoint without its authorization, so the method is not mapped at all.");

    /// <summary>
    /// A warning, not an error: the endpoints are generated, only never mapped, and the app may map
    /// them in a way the analyzer cannot see (reflection, another assembly's helper). Reported once
    /// per compilation, at its end, so it carries the CompilationEnd tag.
    /// </summary>
    public static readonly DiagnosticDescriptor EndpointsNeverMapped = new(
        DiagnosticIds.EndpointsNeverMapped,
        "An application with [SseEndpoint] methods never maps them",
        "'{0}' and the other [SseEndpoint] methods of this application ({1} in all) are never mapped: call app.MapSseEndpoints() (or app.{2}()) when building the app",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator writes the endpoints, but only a call of MapSseEndpoints() maps them; an application that never makes the call answers 404 on every SSE route, with a green build.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.EndpointsNeverMapped),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static DiagnosticDescriptor? ById(string id) => id switch
    {
        DiagnosticIds.NotAsyncEnumerable => NotAsyncEnumerable,
        DiagnosticIds.ItemTypeNotSerializable => ItemTypeNotSerializable,
        DiagnosticIds.UnbindableParameter => UnbindableParameter,
        DiagnosticIds.RouteParameterWithoutMethodParameter => RouteParameterWithoutMethodParameter,
        DiagnosticIds.DuplicateRoute => DuplicateRoute,
        DiagnosticIds.GenericOrInaccessible => GenericOrInaccessible,
        DiagnosticIds.UnconstructibleInstance => UnconstructibleInstance,
        DiagnosticIds.AmbiguousJsonContext => AmbiguousJsonContext,
        DiagnosticIds.InvalidRouteOrEventName => InvalidRouteOrEventName,
        DiagnosticIds.EndpointsNeverMapped => EndpointsNeverMapped,
        DiagnosticIds.UnwritableMetadata => UnwritableMetadata,
        _ => null,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: description, helpLinkUri: DiagnosticIds.HelpLink(id));
}
