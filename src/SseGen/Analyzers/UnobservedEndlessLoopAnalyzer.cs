using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE004: a loop with no exit condition (<c>while (true)</c>, <c>for (;;)</c>,
/// <c>do { } while (true)</c>) in an SSE endpoint must observe the endpoint's token: pass a live
/// token to something, or check it; otherwise it runs on after the client disconnects.
/// </summary>
/// <remarks>
/// Not flagged, for precision: a loop with a <c>break</c> out of it, a <c>return</c>,
/// <c>yield break</c>, <c>throw</c> or <c>goto</c>; a loop that mentions any live token; a loop
/// that awaits nothing but yields on every pass (the consumer drives it and disposing the
/// enumerator at a <c>yield return</c> stops it). Endpoints without a token are left to SSE001. Loops in lambdas
/// and local functions are judged too: a background loop the stream starts
/// (<c>_ = Task.Run(async () => { while (true) … })</c>) runs on after the client left; the fix
/// is offered where the token can be captured (not in a <c>static</c> lambda).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnobservedEndlessLoopAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.UnobservedEndlessLoop);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols) =>
        RegisterEndpointsWithToken(start, symbols, (block, token) =>
            block.RegisterOperationAction(c => AnalyzeLoop(c, symbols, token), OperationKind.Loop));

    private static void AnalyzeLoop(OperationAnalysisContext context, SseEndpointSymbols symbols, IParameterSymbol token)
    {
        var loop = (ILoopOperation)context.Operation;
        // Loops in lambdas and local functions count too: work the stream starts
        // (_ = Task.Run(async () => { while (true) … })) outlives the client just the same.
        if (!HasNoExitCondition(loop) || symbols.MentionsLiveToken(loop))
        {
            return;
        }

        var awaits = false;
        var yields = false;
        foreach (var operation in SseEndpointSymbols.Descendants(loop.Body))
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                case IThrowOperation:
                    return;
                case IReturnOperation { Kind: OperationKind.YieldReturn } yieldReturn when IsReachedEveryIteration(yieldReturn, loop):
                    yields = true;
                    break;
                case IAwaitOperation:
                case IForEachLoopOperation { IsAsynchronous: true }:
                case IUsingOperation { IsAsynchronous: true }:
                case IUsingDeclarationOperation { IsAsynchronous: true }:
                    awaits = true;
                    break;
            }
        }

        if (yields && !awaits)
        {
            return;
        }

        var keyword = loop.Syntax switch
        {
            WhileStatementSyntax whileStatement => whileStatement.WhileKeyword,
            DoStatementSyntax doStatement => doStatement.DoKeyword,
            ForStatementSyntax forStatement => forStatement.ForKeyword,
            _ => default,
        };
        if (keyword == default)
        {
            return;
        }

        var properties = SseEndpointSymbols.CanSeeToken(loop, token)
            ? SseEndpointSymbols.Properties(
                (DiagnosticProperties.Fix, DiagnosticProperties.FixThrowIfCancellationRequested),
                (DiagnosticProperties.TokenName, token.Name))
            : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(LeakDescriptors.UnobservedEndlessLoop, keyword.GetLocation(), properties, token.Name));
    }

    /// <summary>
    /// Whether a <c>yield return</c> runs on every pass through the loop body (not behind an
    /// <c>if</c> or an inner loop). Only then does the consumer drive the loop: a loop that yields
    /// only sometimes spins without ever reaching a <c>yield</c> where disposal could stop it
    /// (<c>do { while (queue.TryRead(out var x)) yield return x; } while (true);</c>).
    /// </summary>
    private static bool IsReachedEveryIteration(IOperation yieldReturn, ILoopOperation loop)
    {
        for (IOperation? child = yieldReturn, parent = yieldReturn.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (child == loop.Body)
            {
                return true;
            }

            var unconditional = parent is IBlockOperation
                || parent is ITryOperation tryOperation && tryOperation.Body == child
                || parent is IUsingOperation usingOperation && usingOperation.Body == child;
            if (!unconditional)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary><c>while (true)</c>, <c>do … while (true)</c>, <c>for (…; ; …)</c> or <c>for (…; true; …)</c>.</summary>
    private static bool HasNoExitCondition(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: null } => true,
        IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        IForLoopOperation { Condition: null } => true,
        IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        _ => false,
    };
}
