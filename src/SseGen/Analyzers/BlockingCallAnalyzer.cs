using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE006: a call that blocks a thread-pool thread inside an SSE endpoint (its body, and every
/// lambda and local function written in it): <c>Thread.Sleep</c>, <c>SpinWait.SpinUntil</c>, waits on
/// tasks (<c>.Result</c>, <c>.Wait()</c>, <c>Task.WaitAll/WaitAny</c>, <c>GetAwaiter().GetResult()</c>)
/// and wait handles, synchronous I/O, and any <c>M(args)</c> with an awaitable <c>MAsync</c> twin
/// (CA1849's rule). A stream runs as long as its client stays, so each one blocked holds a thread.
/// </summary>
/// <remarks>
/// Every endpoint is looked at, with or without a token. Not flagged, for precision (see
/// <see cref="CompletedTasks"/> and <see cref="BlockingCalls"/>): code the stream does not run (other
/// methods, constructors, static initializers: there is no interprocedural search), a task known to
/// be finished, in-memory streams, readers and writers, <c>Dispose</c>, <c>nameof</c> and expression trees.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class BlockingCallAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.BlockingCall);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols)
    {
        // The types are looked up when the first endpoint is met, not for every compilation.
        var compilation = start.Compilation;
        var calls = new Lazy<BlockingCalls>(() => BlockingCalls.Create(compilation, symbols));
        start.RegisterOperationBlockStartAction(block =>
        {
            if (!symbols.IsEndpoint(block.OwningSymbol))
            {
                return;
            }

            var endpoint = (IMethodSymbol)block.OwningSymbol;
            var token = symbols.FindEndpointToken(endpoint);
            block.RegisterOperationAction(
                c =>
                {
                    var invocation = (IInvocationOperation)c.Operation;
                    if (calls.Value.Find(invocation, token is not null) is { } call)
                    {
                        Judge(c, call, endpoint, token, symbols, calls.Value);
                    }
                },
                OperationKind.Invocation);
            block.RegisterOperationAction(
                c =>
                {
                    if (calls.Value.FindResult((IPropertyReferenceOperation)c.Operation) is { } call)
                    {
                        Judge(c, call, endpoint, token, symbols, calls.Value);
                    }
                },
                OperationKind.PropertyReference);
        });
    }

    private static void Judge(OperationAnalysisContext context, BlockingCall call, IMethodSymbol endpoint, IParameterSymbol? token, SseEndpointSymbols symbols, BlockingCalls calls)
    {
        var operation = context.Operation;
        if (OperationTrees.IsNeverRun(operation) || (call.Task is { } task && CompletedTasks.IsKnownCompleted(task, operation)))
        {
            return;
        }

        var properties = BlockingCallFixes.For(call, operation, endpoint, token, symbols, calls, context.Compilation);
        context.ReportDiagnostic(Diagnostic.Create(LeakDescriptors.BlockingCall, operation.Syntax.GetLocation(), properties, call.Display, call.Advice));
    }
}
