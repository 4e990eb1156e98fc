using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE006's precision: <c>.Result</c>, <c>.Wait()</c> and <c>GetAwaiter().GetResult()</c> block only
/// on a task that has not finished. A task is known finished when, earlier in the endpoint, it was
/// awaited (alone, or among the tasks of an awaited <c>Task.WhenAll</c>/<c>WhenAny</c>), or checked
/// (<c>IsCompleted</c>, <c>IsCompletedSuccessfully</c>, <c>IsFaulted</c>, <c>IsCanceled</c>,
/// <c>Status</c>), or when it is the task an awaited <c>Task.WhenAny</c> returned.
/// </summary>
/// <remarks>
/// Tasks are compared by where they come from: the same local, parameter, field or property; an
/// element of a collection (<c>tasks[i]</c>), a <c>foreach</c> variable over it, and the parameter of
/// a lambda given to a LINQ call over it (<c>tasks.Select(t =&gt; t.Result)</c>) all come from the
/// collection. "Earlier" is the order of the text, which is what a reader checks too.
/// </remarks>
internal static class CompletedTasks
{
    public static bool IsKnownCompleted(IOperation task, IOperation use)
    {
        task = OperationTrees.StripConfigureAwait(task);
        if (task is IAwaitOperation awaited && IsWhenAny(OperationTrees.StripConfigureAwait(awaited.Operation)))
        {
            return true;
        }

        if (Origin(task) is not { } origin)
        {
            return false;
        }

        if (origin is IParameterSymbol { Ordinal: 0 } antecedent && CalledWithLambda(task, antecedent) is { TargetMethod.Name: "ContinueWith" })
        {
            // t.ContinueWith(done => done.Result): a continuation runs once its antecedent has finished.
            return true;
        }

        var useStart = use.Syntax.SpanStart;
        foreach (var operation in OperationTrees.Root(use).Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, origin):
                    if (SseEndpointSymbols.InitialValue(declarator) is IAwaitOperation declared && IsWhenAny(OperationTrees.StripConfigureAwait(declared.Operation)))
                    {
                        return true;
                    }

                    break;
                case ISimpleAssignmentOperation { Value: IAwaitOperation assigned } assignment when IsWhenAny(OperationTrees.StripConfigureAwait(assigned.Operation)) && Is(assignment.Target, origin):
                    return true;
                case IAwaitOperation awaitOperation when operation.Syntax.SpanStart < useStart && AwaitsCompletionOf(awaitOperation.Operation, origin):
                    return true;
                case IPropertyReferenceOperation { Property.Name: "IsCompleted" or "IsCompletedSuccessfully" or "IsFaulted" or "IsCanceled" or "Status", Instance: { } checkedTask }
                    when operation.Syntax.SpanStart < useStart && Is(checkedTask, origin):
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether awaiting <paramref name="awaited"/> finishes the task from <paramref name="origin"/>: it is that task, or a <c>WhenAll</c>/<c>WhenAny</c> over it.</summary>
    private static bool AwaitsCompletionOf(IOperation awaited, ISymbol origin)
    {
        awaited = OperationTrees.StripConfigureAwait(awaited);
        if (Is(awaited, origin))
        {
            return true;
        }

        // var all = Task.WhenAll(tasks); await all;
        if (awaited is ILocalReferenceOperation local && OperationTrees.InitialValue(awaited, local.Local) is { } value)
        {
            awaited = OperationTrees.StripConfigureAwait(value);
        }

        if (awaited is not IInvocationOperation { TargetMethod.Name: "WhenAll" or "WhenAny" } combinator)
        {
            return false;
        }

        foreach (var operation in combinator.Descendants())
        {
            if (operation is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation && Is(operation, origin))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWhenAny(IOperation operation) =>
        operation is IInvocationOperation { TargetMethod: { Name: "WhenAny", ContainingType.Name: "Task" or "ValueTask" } };

    private static bool Is(IOperation operation, ISymbol origin) => SymbolEqualityComparer.Default.Equals(Origin(operation), origin);

    /// <summary>Where a task comes from (see the remarks), or null when it is made on the spot.</summary>
    private static ISymbol? Origin(IOperation operation)
    {
        operation = OperationTrees.StripConfigureAwait(operation);
        switch (operation)
        {
            case ILocalReferenceOperation local:
                return ForEachCollection(operation, local.Local) is { } collection ? Origin(collection) ?? local.Local : local.Local;
            case IParameterReferenceOperation parameter:
                return LambdaSource(operation, parameter.Parameter) is { } source ? Origin(source) ?? parameter.Parameter : parameter.Parameter;
            case IFieldReferenceOperation field:
                return field.Field;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                return property.Property;
            case IPropertyReferenceOperation { Instance: { } list }:
                return Origin(list);
            case IArrayElementReferenceOperation element:
                return Origin(element.ArrayReference);
            case IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments: [var first, ..] } linq when linq.TargetMethod.ContainingType.Name == "Enumerable":
                // tasks.Where(…), tasks.ToArray(): the same tasks.
                return Origin(first.Value);
            default:
                return null;
        }
    }

    /// <summary>The collection a <c>foreach</c> variable walks, when <paramref name="local"/> is one.</summary>
    private static IOperation? ForEachCollection(IOperation reference, ILocalSymbol local)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IForEachLoopOperation loop && loop.Locals.Contains(local, SymbolEqualityComparer.Default))
            {
                return loop.Collection;
            }
        }

        return null;
    }

    /// <summary>The call a lambda is handed to, when <paramref name="parameter"/> is that lambda's.</summary>
    private static IInvocationOperation? CalledWithLambda(IOperation reference, IParameterSymbol parameter)
    {
        for (var current = reference.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, parameter.ContainingSymbol))
            {
                var argument = lambda.Parent is IDelegateCreationOperation creation ? creation.Parent : lambda.Parent;
                return argument is IArgumentOperation { Parent: IInvocationOperation call } ? call : null;
            }
        }

        return null;
    }

    /// <summary>The collection a LINQ call runs the lambda over, when <paramref name="parameter"/> is that lambda's (<c>tasks.Select(t =&gt; t.Result)</c>).</summary>
    private static IOperation? LambdaSource(IOperation reference, IParameterSymbol parameter) =>
        CalledWithLambda(reference, parameter) is { TargetMethod.IsExtensionMethod: true, Arguments: [var source, _, ..] }
            && source.Value is not IDelegateCreationOperation and not IAnonymousFunctionOperation
            ? source.Value
            : null;
}
