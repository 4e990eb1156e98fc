using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Whether SSE006's fix may turn a blocking call into its awaited form, and with which token, as
/// the diagnostic's properties; empty when it may not. The analyzer decides, with the operation
/// tree at hand, so the fixer only rewrites syntax.
/// </summary>
/// <remarks>
/// The awaited form must compile (an <c>async</c> method, lambda or local function; not in a
/// <c>lock</c>, a query clause or a <c>catch</c> filter) and must not wake another rule: it passes
/// the endpoint's token where the code can see it and SSE002 would ask for it (never in
/// <c>finally</c>/<c>catch</c>, where the fired token would cut the cleanup short), and it is not
/// offered without a token inside an endless loop that observes none, where a new <c>await</c>
/// would turn the loop into one SSE004 reports.
/// </remarks>
internal static class BlockingCallFixes
{
    public static ImmutableDictionary<string, string?> For(BlockingCall call, IOperation operation, IMethodSymbol endpoint, IParameterSymbol? token, SseEndpointSymbols symbols, BlockingCalls calls, Compilation compilation)
    {
        var fix = call.Kind switch
        {
            BlockingCallKind.Sleep => DiagnosticProperties.FixAwaitDelay,
            BlockingCallKind.Result => DiagnosticProperties.FixAwaitResult,
            BlockingCallKind.WaitForTask => DiagnosticProperties.FixAwaitTask,
            BlockingCallKind.AsyncTwin => DiagnosticProperties.FixAwaitAsyncOverload,
            _ => null,
        };
        if (fix is null || !CanAwait(operation, endpoint) || (call.Kind == BlockingCallKind.AsyncTwin && operation.Syntax is not InvocationExpressionSyntax { Expression: IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax }))
        {
            return ImmutableDictionary<string, string?>.Empty;
        }

        var usable = token is not null && !SseEndpointSymbols.IsInCleanup(operation) && SseEndpointSymbols.CanSeeToken(operation, token) ? token : null;
        string? tokenArgument = null;
        string? parameterName = null;
        switch (call.Kind)
        {
            case BlockingCallKind.Sleep when usable is not null:
                tokenArgument = DiagnosticProperties.FixAppendArgument;
                break;
            case BlockingCallKind.AsyncTwin when usable is not null && call.AsyncTwin is { } twin && calls.TakesToken(twin):
                parameterName = twin.Parameters[twin.Parameters.Length - 1].Name;
                tokenArgument = IsPlainPositional((IInvocationOperation)operation) ? DiagnosticProperties.FixAppendArgument : DiagnosticProperties.FixNamedArgument;
                break;
            case BlockingCallKind.Result or BlockingCallKind.WaitForTask when usable is not null
                && call.Task is { } task && OperationTrees.StripConfigureAwait(task) is IInvocationOperation producer && producer.Syntax is InvocationExpressionSyntax:
                // The awaited call will be SSE002's to judge: give it the token now, the way SSE002 would.
                if (CancellableCalls.FindMissingToken(producer, symbols, compilation, usable) is { } missing)
                {
                    missing.TryGetValue(DiagnosticProperties.Fix, out tokenArgument);
                    missing.TryGetValue(DiagnosticProperties.ParameterName, out parameterName);
                    if (tokenArgument is not (DiagnosticProperties.FixAppendArgument or DiagnosticProperties.FixNamedArgument))
                    {
                        // An explicit default/None the user wrote: not this fix's to overrule.
                        return ImmutableDictionary<string, string?>.Empty;
                    }
                }

                break;
        }

        if (tokenArgument is null && token is not null && WouldLoopUnobserved(operation, symbols))
        {
            return ImmutableDictionary<string, string?>.Empty;
        }

        return SseEndpointSymbols.Properties(
            (DiagnosticProperties.Fix, fix),
            (DiagnosticProperties.TokenName, tokenArgument is null ? null : usable!.Name),
            (DiagnosticProperties.TokenArgument, tokenArgument),
            (DiagnosticProperties.ParameterName, parameterName),
            (DiagnosticProperties.AsyncMethodName, call.AsyncTwin?.Name));
    }

    /// <summary>Whether <c>await</c> is legal where <paramref name="operation"/> is.</summary>
    private static bool CanAwait(IOperation operation, IMethodSymbol endpoint)
    {
        if (operation.Syntax.FirstAncestorOrSelf<CatchFilterClauseSyntax>() is not null)
        {
            return false;
        }

        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILockOperation or ITranslatedQueryOperation:
                    return false;
                case IAnonymousFunctionOperation lambda:
                    return lambda.Symbol.IsAsync;
                case ILocalFunctionOperation local:
                    return local.Symbol.IsAsync;
            }
        }

        return endpoint.IsAsync;
    }

    /// <summary>Every argument written by position, none left to its default: the token can follow them by position.</summary>
    private static bool IsPlainPositional(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.Explicit || argument.Syntax is ArgumentSyntax { NameColon: not null })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the call sits (in the same function) in a loop SSE004 would report once it awaits:
    /// no exit condition, no exit of its own, and no live token anywhere in it.
    /// </summary>
    private static bool WouldLoopUnobserved(IOperation operation, SseEndpointSymbols symbols)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (current is ILoopOperation loop && HasNoExitCondition(loop) && !HasExit(loop) && !symbols.MentionsLiveToken(loop))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasNoExitCondition(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation { Condition: null } or IForLoopOperation { Condition: null } => true,
        IWhileLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        IForLoopOperation { Condition.ConstantValue: { HasValue: true, Value: true } } => true,
        _ => false,
    };

    private static bool HasExit(ILoopOperation loop)
    {
        foreach (var operation in SseEndpointSymbols.Descendants(loop.Body))
        {
            switch (operation)
            {
                case IBranchOperation { BranchKind: BranchKind.Break } branch when SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel):
                case IBranchOperation { BranchKind: BranchKind.GoTo }:
                case IReturnOperation { Kind: OperationKind.Return or OperationKind.YieldBreak }:
                case IThrowOperation:
                    return true;
            }
        }

        return false;
    }
}
