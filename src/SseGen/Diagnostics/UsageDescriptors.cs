using Microsoft.CodeAnalysis;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Diagnostics;

/// <summary>The SSE1xx usage errors: why the generator skipped a method. Raised by <c>UsageAnalyzer</c> from the generator's own parser.</summary>
internal static class UsageDescriptors
{
    private const string Category = "Usage";

    public static readonly DiagnosticDescriptor NotAsyncEnumerable = Create(
        UsageIds.NotAsyncEnumerable,
        "An [SseEndpoint] method must return IAsyncEnumerable<T>",
        "'{0}' returns {1}; an [SseEndpoint] method must return IAsyncEnumerable<T>");

    public static readonly DiagnosticDescriptor NoJsonContext = Create(
        UsageIds.NoJsonContext,
        "The item type is listed in no JsonSerializerContext",
        "The items of '{0}' cannot be serialized without reflection: {1}");

    public static readonly DiagnosticDescriptor UnbindableParameter = Create(
        UsageIds.UnbindableParameter,
        "A parameter of an [SseEndpoint] method cannot be bound",
        "Parameter '{0}' cannot be bound: {1}");

    public static readonly DiagnosticDescriptor RouteParameterWithoutMethodParameter = Create(
        UsageIds.RouteParameterWithoutMethodParameter,
        "A route parameter has no method parameter",
        "The route of '{0}' has the parameter '{1}', but the method has no parameter that binds it");

    public static readonly DiagnosticDescriptor DuplicateRoute = Create(
        UsageIds.DuplicateRoute,
        "Two [SseEndpoint] methods map the same route",
        "'{0}' maps the route \"{1}\", which another [SseEndpoint] method maps too");

    public static readonly DiagnosticDescriptor InaccessibleOrGeneric = Create(
        UsageIds.InaccessibleOrGeneric,
        "An [SseEndpoint] method must be non-generic and reachable from generated code",
        "'{0}' cannot be an SSE endpoint: {1}");

    public static readonly DiagnosticDescriptor NotConstructible = Create(
        UsageIds.NotConstructible,
        "The class of an instance [SseEndpoint] method cannot be built from DI",
        "'{0}' cannot be constructed per request: {1}; make the method static or give the class one public constructor");

    public static readonly DiagnosticDescriptor AmbiguousJsonContext = Create(
        UsageIds.AmbiguousJsonContext,
        "Several JsonSerializerContexts list the item type",
        "Several JsonSerializerContexts list the items of '{0}' ({1}); choose one with [SseEndpoint(..., JsonContext = typeof(...))]");

    public static readonly DiagnosticDescriptor InvalidPatternOrEventName = Create(
        UsageIds.InvalidPatternOrEventName,
        "The [SseEndpoint] route pattern or event name is invalid",
        "'{0}' has an invalid [SseEndpoint]: {1}");

    public static DiagnosticDescriptor? ById(string id) => id switch
    {
        UsageIds.NotAsyncEnumerable => NotAsyncEnumerable,
        UsageIds.NoJsonContext => NoJsonContext,
        UsageIds.UnbindableParameter => UnbindableParameter,
        UsageIds.RouteParameterWithoutMethodParameter => RouteParameterWithoutMethodParameter,
        UsageIds.DuplicateRoute => DuplicateRoute,
        UsageIds.InaccessibleOrGeneric => InaccessibleOrGeneric,
        UsageIds.NotConstructible => NotConstructible,
        UsageIds.AmbiguousJsonContext => AmbiguousJsonContext,
        UsageIds.InvalidPatternOrEventName => InvalidPatternOrEventName,
        _ => null,
    };

    private static DiagnosticDescriptor Create(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: DiagnosticIds.HelpLink(id));
}
