using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Emitting;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE110: an application (an executable) declares <c>[SseEndpoint]</c> methods and never calls
/// <c>MapSseEndpoints()</c> or its public <c>Map&lt;AssemblyName&gt;SseEndpoints()</c>, so every SSE
/// route would answer 404. Libraries are not checked: their host maps them.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnmappedEndpointsAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(UsageDescriptors.EndpointsNeverMapped);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        // The generated public mapping method calls MapSseEndpoints(); only the user's calls count.
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var compilation = start.Compilation;
            var attribute = compilation.GetTypeByMetadataName(KnownTypes.SseEndpointAttributeName);
            if (attribute is null || compilation.Options.OutputKind is not (OutputKind.ConsoleApplication or OutputKind.WindowsApplication or OutputKind.WindowsRuntimeApplication))
            {
                return;
            }

            var publicName = AssemblyMapName.Method(compilation.AssemblyName ?? string.Empty);
            var state = new State();
            start.RegisterOperationAction(
                operation =>
                {
                    var method = operation.Operation switch
                    {
                        IInvocationOperation invocation => invocation.TargetMethod,
                        IMethodReferenceOperation reference => reference.Method,
                        _ => null,
                    };
                    if (method is not null && (method.Name == "MapSseEndpoints" || method.Name == publicName)
                        && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, compilation.Assembly))
                    {
                        state.MarkMapped();
                    }
                },
                OperationKind.Invocation,
                OperationKind.MethodReference);
            start.RegisterSymbolAction(
                symbol =>
                {
                    if (SymbolFacts.HasAttribute(symbol.Symbol, attribute) && symbol.Symbol.Locations.Length > 0)
                    {
                        state.AddEndpoint((IMethodSymbol)symbol.Symbol);
                    }
                },
                SymbolKind.Method);
            start.RegisterCompilationEndAction(end =>
            {
                if (state.IsMapped || state.FirstEndpoint() is not { } first)
                {
                    return;
                }

                end.ReportDiagnostic(Diagnostic.Create(
                    UsageDescriptors.EndpointsNeverMapped,
                    first.Method.Locations[0],
                    $"{first.Method.ContainingType?.Name}.{first.Method.Name}",
                    first.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    publicName));
            });
        });
    }

    /// <summary>What the compilation's actions saw, shared between concurrent callbacks.</summary>
    private sealed class State
    {
        private readonly object _gate = new();
        private readonly List<IMethodSymbol> _endpoints = new();
        private int _mapped;

        public bool IsMapped => Volatile.Read(ref _mapped) != 0;

        public void MarkMapped() => Interlocked.Exchange(ref _mapped, 1);

        public void AddEndpoint(IMethodSymbol method)
        {
            lock (_gate)
            {
                _endpoints.Add(method);
            }
        }

        /// <summary>The endpoint declared first in source order (the same one on every run), and how many there are.</summary>
        public (IMethodSymbol Method, int Count)? FirstEndpoint()
        {
            lock (_gate)
            {
                if (_endpoints.Count == 0)
                {
                    return null;
                }

                var first = _endpoints[0];
                foreach (var method in _endpoints)
                {
                    var location = method.Locations[0];
                    var best = first.Locations[0];
                    var byFile = string.CompareOrdinal(location.SourceTree?.FilePath, best.SourceTree?.FilePath);
                    if (byFile < 0 || (byFile == 0 && location.SourceSpan.Start < best.SourceSpan.Start))
                    {
                        first = method;
                    }
                }

                return (first, _endpoints.Count);
            }
        }
    }
}
