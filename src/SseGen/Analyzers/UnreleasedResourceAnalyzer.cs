using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE003: a resource acquired in an SSE endpoint must be released on every exit path, because a
/// disconnect ends the stream at a <c>yield return</c> where only <c>finally</c> blocks and
/// <c>using</c> scopes still run. Resources are event subscriptions (<c>+=</c>) and disposables
/// (timers, subscriptions, token registrations, linked token sources, …).
/// </summary>
/// <remarks>
/// Released means: a matching <c>-=</c> inside a <c>finally</c>; a <c>using</c> or
/// <c>await using</c> declaration or statement; <c>Dispose()</c>/<c>DisposeAsync()</c> inside a
/// <c>finally</c>. A disposable that leaves the method (passed as an argument, stored, returned,
/// captured by a lambda) is someone else's to release and is not flagged. Disposables counted:
/// any <c>new</c> of a disposable type except in-memory ones (<c>MemoryStream</c>,
/// <c>StringReader</c>, <c>StringWriter</c>, <c>Task</c>), and calls, awaited or not, returning
/// <c>IDisposable</c>, <c>IAsyncDisposable</c>, <c>ITimer</c>, <c>Timer</c>,
/// <c>PeriodicTimer</c>, <c>CancellationTokenRegistration</c>, <c>CancellationTokenSource</c>,
/// <c>IServiceScope</c> or a concrete disposable type (a factory's product: <c>AsyncServiceScope</c>,
/// <c>FileStream</c>, <c>HttpResponseMessage</c>); not a generic method's <c>T</c>
/// (<c>GetRequiredService&lt;T&gt;()</c>: DI owns it), an enumerator, or <c>HttpClient</c>.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnreleasedResourceAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.UnreleasedResource);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols)
    {
        var known = KnownTypes.From(start.Compilation);
        if (known.IAsyncDisposable is not { } asyncDisposable)
        {
            return;
        }

        var analysis = new Analysis(new DisposableResources(known.IDisposable, asyncDisposable));
        start.RegisterOperationBlockAction(block =>
        {
            if (!symbols.IsEndpoint(block.OwningSymbol))
            {
                return;
            }

            foreach (var root in block.OperationBlocks)
            {
                analysis.AnalyzeBody(block, (IMethodSymbol)block.OwningSymbol, root);
            }
        });
    }

    private sealed class Analysis(DisposableResources resources)
    {
        public void AnalyzeBody(OperationBlockAnalysisContext context, IMethodSymbol method, IOperation root)
        {
            var removals = new List<IEventAssignmentOperation>();
            var additions = new List<IEventAssignmentOperation>();
            foreach (var operation in SseEndpointSymbols.Descendants(root))
            {
                if (operation is IEventAssignmentOperation eventAssignment)
                {
                    (eventAssignment.Adds ? additions : removals).Add(eventAssignment);
                }
            }

            foreach (var addition in additions)
            {
                AnalyzeSubscription(context, method, root, addition, removals);
            }

            foreach (var operation in SseEndpointSymbols.Descendants(root))
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator:
                        AnalyzeDeclarator(context, method, root, declarator);
                        break;
                    case IExpressionStatementOperation statement:
                        AnalyzeDiscarded(context, method, statement);
                        break;
                }
            }
        }

        private static void AnalyzeSubscription(OperationBlockAnalysisContext context, IMethodSymbol method, IOperation root, IEventAssignmentOperation addition, List<IEventAssignmentOperation> removals)
        {
            if (addition.EventReference is not IEventReferenceOperation eventReference || addition.Parent is not IExpressionStatementOperation)
            {
                return;
            }

            // An event of an object the stream itself created (var watcher = new FileSystemWatcher(..))
            // cannot hold the handler longer than that object lives; the object is judged on its own.
            if (eventReference.Instance is ILocalReferenceOperation { Local: var owner } && IsCreatedHere(root, owner))
            {
                return;
            }

            foreach (var removal in removals)
            {
                if (IsSameSubscription(addition, removal) && IsInFinally(removal))
                {
                    return;
                }
            }

            // The handler must be removable and the event's receiver safe to evaluate twice for the fix.
            var fixable = addition.HandlerValue is not IDelegateCreationOperation { Target: IAnonymousFunctionOperation }
                && addition.HandlerValue is not IAnonymousFunctionOperation
                && !ContainsInvocation(eventReference.Instance)
                && addition.Syntax.Parent?.Parent is BlockSyntax;
            var properties = fixable
                ? SseEndpointSymbols.Properties((DiagnosticProperties.Fix, DiagnosticProperties.FixUnsubscribeInFinally))
                : ImmutableDictionary<string, string?>.Empty;
            Report(context, addition.Syntax, properties, $"The subscription to '{eventReference.Event.Name}'", method);
        }

        private void AnalyzeDeclarator(OperationBlockAnalysisContext context, IMethodSymbol method, IOperation root, IVariableDeclaratorOperation declarator)
        {
            if (SseEndpointSymbols.InitialValue(declarator) is not { } initialValue)
            {
                return;
            }

            var acquisition = SseEndpointSymbols.WalkDownConversions(initialValue);
            if (!resources.IsAcquisition(acquisition))
            {
                return;
            }

            // using var x = …; / using (var x = …) { }
            if (declarator.Parent?.Parent is IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation or IUsingOperation })
            {
                return;
            }

            var local = declarator.Symbol;
            var reassigned = false;
            foreach (var operation in root.Descendants())
            {
                if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    continue;
                }

                if (!SseEndpointSymbols.IsInOwnBody(reference))
                {
                    return; // captured: released (or not) by whoever runs the lambda
                }

                switch (reference.Parent)
                {
                    case IUsingOperation:
                        return;
                    case IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" } dispose when dispose.Instance == reference && IsInFinally(dispose):
                        return;
                    case IConditionalAccessOperation access when access.Operation == reference && access.WhenNotNull is IInvocationOperation { TargetMethod.Name: "Dispose" or "DisposeAsync" } && IsInFinally(access):
                        return;
                    case IInvocationOperation invocation when invocation.Instance == reference:
                    case IMemberReferenceOperation member when member.Instance == reference:
                    case IConditionalAccessOperation access2 when access2.Operation == reference:
                        break;
                    case ISimpleAssignmentOperation assignment when assignment.Target == reference:
                        reassigned = true;
                        break;
                    default:
                        return; // passed, stored, returned or yielded: ownership leaves the method
                }
            }

            var fix = reassigned || declarator.Syntax.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { Parent: BlockSyntax } }
                ? null
                : resources.UsingFix(local.Type, method, DisposableResources.PrefersAsyncDisposal(acquisition));
            var properties = fix is null
                ? ImmutableDictionary<string, string?>.Empty
                : SseEndpointSymbols.Properties((DiagnosticProperties.Fix, fix), (DiagnosticProperties.LocalName, local.Name));
            Report(context, acquisition.Syntax, properties, $"'{local.Name}'", method);
        }

        private void AnalyzeDiscarded(OperationBlockAnalysisContext context, IMethodSymbol method, IExpressionStatementOperation statement)
        {
            var value = statement.Operation is ISimpleAssignmentOperation { Target: IDiscardOperation } discard ? discard.Value : statement.Operation;
            value = SseEndpointSymbols.WalkDownConversions(value);
            if (!resources.IsAcquisition(value) || value.Type is null)
            {
                return;
            }

            var fix = statement.Syntax.Parent is BlockSyntax ? resources.UsingFix(value.Type, method, DisposableResources.PrefersAsyncDisposal(value)) : null;
            var properties = fix is null
                ? ImmutableDictionary<string, string?>.Empty
                : SseEndpointSymbols.Properties((DiagnosticProperties.Fix, fix), (DiagnosticProperties.LocalName, DisposableResources.SuggestedName(value.Type)));
            var what = value switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.Name,
                IAwaitOperation awaited when DisposableResources.AwaitedCall(awaited) is { } call => call.TargetMethod.Name,
                _ => value.Type.Name,
            };
            Report(context, value.Syntax, properties, $"The result of '{what}'", method);
        }

    }

    private static bool IsSameSubscription(IEventAssignmentOperation addition, IEventAssignmentOperation removal) =>
        addition.EventReference is IEventReferenceOperation added
        && removal.EventReference is IEventReferenceOperation removed
        && SymbolEqualityComparer.Default.Equals(added.Event, removed.Event)
        && (added.Instance?.Syntax.ToString() ?? string.Empty) == (removed.Instance?.Syntax.ToString() ?? string.Empty)
        && addition.HandlerValue.Syntax.ToString() == removal.HandlerValue.Syntax.ToString();

    /// <summary>Whether <paramref name="local"/> is declared in the body with a <c>new</c> as its initializer.</summary>
    private static bool IsCreatedHere(IOperation root, ILocalSymbol local) =>
        SseEndpointSymbols.InitialValue(root, local) is { } value && SseEndpointSymbols.WalkDownConversions(value) is IObjectCreationOperation;

    private static bool IsInFinally(IOperation operation)
    {
        for (IOperation? child = operation, parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Finally == child)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsInvocation(IOperation? operation)
    {
        if (operation is null)
        {
            return false;
        }

        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (descendant is IInvocationOperation or IObjectCreationOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static void Report(OperationBlockAnalysisContext context, SyntaxNode node, ImmutableDictionary<string, string?> properties, string what, IMethodSymbol method) =>
        context.ReportDiagnostic(Diagnostic.Create(LeakDescriptors.UnreleasedResource, node.GetLocation(), properties, what, method.Name));
}
