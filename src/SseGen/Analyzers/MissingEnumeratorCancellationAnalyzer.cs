using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE001: an async-iterator SSE endpoint must take a <c>CancellationToken</c> marked
/// <c>[EnumeratorCancellation]</c>, the token SseGen cancels when the client disconnects.
/// </summary>
/// <remarks>
/// Only async iterators are checked: a method that returns another stream without <c>yield</c>
/// gets the token through <c>GetAsyncEnumerator(token)</c> on the stream it returns, and
/// <c>[EnumeratorCancellation]</c> on it would be ineffective (CS8424).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingEnumeratorCancellationAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.MissingEnumeratorCancellation, LeakDescriptors.TokenWithoutEnumeratorCancellation);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols) =>
        start.RegisterSymbolAction(symbolContext => AnalyzeMethod(symbolContext, symbols), SymbolKind.Method);

    private static void AnalyzeMethod(SymbolAnalysisContext context, SseEndpointSymbols symbols)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (!method.IsAsync || !symbols.IsEndpoint(method) || !IsIterator(method, context.CancellationToken) || symbols.FindMarkedToken(method) is not null)
        {
            return;
        }

        IParameterSymbol? unmarked = null;
        foreach (var parameter in method.Parameters)
        {
            if (symbols.IsCancellationToken(parameter.Type))
            {
                unmarked = parameter;
                break;
            }
        }

        if (unmarked is not null)
        {
            // The generated code binds it to the request's token, so the endpoint does stop; but a
            // token given to the enumerator (WithCancellation, GetAsyncEnumerator) never reaches it.
            context.ReportDiagnostic(Diagnostic.Create(
                LeakDescriptors.TokenWithoutEnumeratorCancellation,
                unmarked.Locations[0],
                SseEndpointSymbols.Properties(
                    (DiagnosticProperties.Fix, DiagnosticProperties.FixAddAttribute),
                    (DiagnosticProperties.ParameterName, unmarked.Name)),
                unmarked.Name,
                method.Name));
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            LeakDescriptors.MissingEnumeratorCancellation,
            method.Locations[0],
            SseEndpointSymbols.Properties((DiagnosticProperties.Fix, DiagnosticProperties.FixAddParameter)),
            method.Name));
    }

    /// <summary>Whether the method body has a <c>yield</c> of its own (not one of a local function).</summary>
    private static bool IsIterator(IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(cancellationToken) is not MethodDeclarationSyntax { Body: { } body })
            {
                continue;
            }

            foreach (var node in body.DescendantNodes(static n => n is not (LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)))
            {
                if (node is YieldStatementSyntax)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
