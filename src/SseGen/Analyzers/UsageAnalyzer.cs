using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Model;
using SseGen.Generator.Parsing;
using SseGen.Generator.Resolving;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Reports why the generator skipped an <c>[SseEndpoint]</c> method (SSE101–SSE109, SSE111). It runs the
/// generator's own parser and resolver, so it reports exactly the methods the generator leaves out.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UsageAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        UsageDescriptors.NotAsyncEnumerable,
        UsageDescriptors.ItemTypeNotSerializable,
        UsageDescriptors.UnbindableParameter,
        UsageDescriptors.RouteParameterWithoutMethodParameter,
        UsageDescriptors.DuplicateRoute,
        UsageDescriptors.GenericOrInaccessible,
        UsageDescriptors.UnconstructibleInstance,
        UsageDescriptors.AmbiguousJsonContext,
        UsageDescriptors.InvalidRouteOrEventName,
        UsageDescriptors.UnwritableMetadata);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.From(start.Compilation);
            if (known.SseEndpointAttribute is null)
            {
                return;
            }

            var assembly = new Lazy<AssemblyScan>(() => AssemblyScan.Create(start.Compilation, known, start.CancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
            start.RegisterSymbolAction(symbol => AnalyzeMethod(symbol, known, assembly), SymbolKind.Method);
        });
    }

    private static void AnalyzeMethod(SymbolAnalysisContext context, KnownTypes known, Lazy<AssemblyScan> assembly)
    {
        var method = (IMethodSymbol)context.Symbol;
        var attribute = FindAttribute(method, known);
        if (attribute is null)
        {
            return;
        }

        // The scan has parsed every endpoint of the assembly already (it needs them all for
        // duplicate routes); parsing each one a second time here was half of this analyzer's cost.
        var scan = assembly.Value;
        if (!scan.Endpoints.TryGetValue(method, out var parsed))
        {
            var ownProblems = new List<UsageProblem>();
            parsed = (EndpointParser.Parse(method, attribute, known, ownProblems, context.CancellationToken), ownProblems);
        }

        var (model, problems) = parsed;
        foreach (var problem in problems)
        {
            Report(context, problem.Id, problem.Location, problem.Arguments);
        }

        if (model is null)
        {
            return;
        }

        var location = attribute.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken).GetLocation()
            ?? (method.Locations.Length > 0 ? method.Locations[0] : null);
        if (scan.RouteConflicts.TryGetValue(method, out var other))
        {
            Report(context, DiagnosticIds.DuplicateRoute, location, EndpointResolver.DuplicateRouteArguments(model, other));
        }

        EndpointResolver.ResolveContext(model, scan.Contexts, out var problemId, out var detail);
        if (problemId is not null)
        {
            Report(context, problemId, method.Locations.Length > 0 ? method.Locations[0] : location, model.DisplayName, detail);
        }
    }

    private static void Report(SymbolAnalysisContext context, string id, Location? location, params string[] arguments)
    {
        if (UsageDescriptors.ById(id) is { } descriptor)
        {
            context.ReportDiagnostic(Diagnostic.Create(descriptor, location ?? Location.None, arguments));
        }
    }

    private static AttributeData? FindAttribute(IMethodSymbol method, KnownTypes known) => SymbolFacts.FindAttribute(method, known.SseEndpointAttribute);

    /// <summary>
    /// What the whole assembly declares: its JSON contexts, the endpoints routing could not tell apart, and every
    /// endpoint parsed with its problems. Built once per compilation, read-only afterwards.
    /// </summary>
    private sealed class AssemblyScan
    {
        private AssemblyScan(List<JsonContextModel> contexts, Dictionary<IMethodSymbol, EndpointModel> routeConflicts, Dictionary<IMethodSymbol, (EndpointModel? Model, List<UsageProblem> Problems)> endpoints)
        {
            Contexts = contexts;
            RouteConflicts = routeConflicts;
            Endpoints = endpoints;
        }

        public List<JsonContextModel> Contexts { get; }

        /// <summary>Each endpoint that collides with another, and the first other one it collides with.</summary>
        public Dictionary<IMethodSymbol, EndpointModel> RouteConflicts { get; }

        public Dictionary<IMethodSymbol, (EndpointModel? Model, List<UsageProblem> Problems)> Endpoints { get; }

        public static AssemblyScan Create(Compilation compilation, KnownTypes known, CancellationToken cancellationToken)
        {
            var contexts = new List<JsonContextModel>();
            var modelled = new List<(IMethodSymbol Method, EndpointModel Model)>();
            var endpoints = new Dictionary<IMethodSymbol, (EndpointModel? Model, List<UsageProblem> Problems)>(SymbolEqualityComparer.Default);
            var stack = new Stack<INamespaceOrTypeSymbol>();
            stack.Push(compilation.Assembly.GlobalNamespace);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var member in stack.Pop().GetMembers())
                {
                    if (member is INamespaceSymbol ns)
                    {
                        stack.Push(ns);
                    }
                    else if (member is INamedTypeSymbol type)
                    {
                        stack.Push(type);
                        if (JsonContextParser.Parse(type) is { } context)
                        {
                            contexts.Add(context);
                        }

                        foreach (var typeMember in type.GetMembers())
                        {
                            // Only endpoints the generator can model take part, exactly as in EndpointResolver.Resolve.
                            if (typeMember is IMethodSymbol method && FindAttribute(method, known) is { } attribute)
                            {
                                var problems = new List<UsageProblem>();
                                var endpoint = EndpointParser.Parse(method, attribute, known, problems, cancellationToken);
                                endpoints[method] = (endpoint, problems);
                                if (endpoint is not null)
                                {
                                    modelled.Add((method, endpoint));
                                }
                            }
                        }
                    }
                }
            }

            var conflicts = EndpointResolver.RouteConflicts(modelled.ConvertAll(static m => m.Model.Pattern));
            var routeConflicts = new Dictionary<IMethodSymbol, EndpointModel>(SymbolEqualityComparer.Default);
            for (var i = 0; i < modelled.Count; i++)
            {
                if (conflicts[i] >= 0)
                {
                    routeConflicts[modelled[i].Method] = modelled[conflicts[i]].Model;
                }
            }

            return new AssemblyScan(EndpointResolver.MergeContexts(contexts), routeConflicts, endpoints);
        }
    }
}
