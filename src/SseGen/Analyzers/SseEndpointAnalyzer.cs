using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// The start every leak rule shares: concurrent, generated code skipped, and nothing at all in a
/// compilation that does not reference SseGen (no <c>[SseEndpoint]</c> attribute to look for).
/// </summary>
public abstract class SseEndpointAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            if (SseEndpointSymbols.TryCreate(start.Compilation, out var symbols))
            {
                OnCompilationStart(start, symbols);
            }
        });
    }

    /// <summary>Registers the rule's actions for a compilation that has SSE endpoints to look at.</summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols);

    /// <summary>
    /// Runs <paramref name="register"/> for the body of every endpoint that has a token of its own
    /// (one without is SSE001's to report), with that token.
    /// </summary>
    private protected static void RegisterEndpointsWithToken(
        CompilationStartAnalysisContext start,
        SseEndpointSymbols symbols,
        System.Action<OperationBlockStartAnalysisContext, IParameterSymbol> register)
    {
        start.RegisterOperationBlockStartAction(block =>
        {
            if (symbols.IsEndpoint(block.OwningSymbol) && symbols.FindEndpointToken((IMethodSymbol)block.OwningSymbol) is { } token)
            {
                register(block, token);
            }
        });
    }
}
