using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>SSE005: CONTRACT SKELETON, filled in on its branch (reports nothing yet).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedBufferAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.UnboundedBuffer);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols) =>
        start.RegisterOperationAction(static _ => { }, OperationKind.Invocation);
}
