using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Who runs a write to a buffer (SSE005): the stream itself (its own body, a lambda it calls on the
/// spot, a producer it awaits), or something it does not pace: a delegate it hands away (event
/// <c>+=</c>, a callback argument, <c>Task.Run</c>, a timer) or a local function it starts without
/// awaiting. The answer is the message's "filled from …" text, or null for the stream.
/// </summary>
internal sealed class WriteContexts(BodyIndex index)
{
    /// <summary>What runs <paramref name="operation"/> when the stream does not control it; null when it does.</summary>
    public string? Describe(IOperation operation)
    {
        for (var current = operation.Parent; current is not null && current != index.Root; current = current.Parent)
        {
            var source = current switch
            {
                IAnonymousFunctionOperation function => DescribeDelegate(function),
                ILocalFunctionOperation local => DescribeLocalFunction(local),
                _ => null,
            };
            if (source is not null)
            {
                return source;
            }
        }

        return null;
    }

    /// <summary>Whether a call's result is awaited on the spot (through <c>ConfigureAwait</c> or <c>Unwrap</c>).</summary>
    public static bool IsAwaited(IOperation call)
    {
        for (var node = call; node.Parent is { } parent; node = parent)
        {
            switch (parent)
            {
                case IAwaitOperation:
                    return true;
                case IConversionOperation { IsImplicit: true }:
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "Unwrap" } next when next.Instance == node:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Where a delegate (a lambda or a method group) goes, when that is somewhere the stream does not pace it.</summary>
    private string? DescribeDelegate(IOperation function)
    {
        var node = function;
        while (node.Parent is IDelegateCreationOperation or IConversionOperation)
        {
            node = node.Parent;
        }

        switch (node.Parent)
        {
            case IEventAssignmentOperation { Adds: true } subscription when subscription.HandlerValue == node:
                return "an event handler";
            case IArgumentOperation { Parent: IInvocationOperation invocation }:
                return DescribeCallback(invocation.TargetMethod, IsAwaited(invocation));
            case IArgumentOperation { Parent: IObjectCreationOperation { Constructor: { } constructor } }:
                return DescribeCallback(constructor, awaited: false);
            case ISimpleAssignmentOperation assignment when assignment.Value == node && assignment.Target is IMemberReferenceOperation member:
                return $"a callback assigned to '{member.Member.Name}'";
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }:
                // var handler = (s, e) => …; source.Changed += handler;
                foreach (var reference in index.References(local))
                {
                    if (DescribeDelegate(reference) is { } source)
                    {
                        return source;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string? DescribeCallback(IMethodSymbol method, bool awaited)
    {
        var type = method.ContainingType;
        var typeName = type?.ToDisplayString() ?? string.Empty;

        // Runs the delegate to completion before it returns: the stream's own pace.
        if (typeName is "System.Linq.Enumerable" or "System.Array" or "System.Threading.Tasks.Parallel"
            || type?.OriginalDefinition.ToDisplayString() == "System.Collections.Generic.List<T>")
        {
            return null;
        }

        var background = typeName is "System.Threading.Tasks.Task" or "System.Threading.Tasks.TaskFactory" or "System.Threading.Thread" or "System.Threading.ThreadPool"
            || type is { IsGenericType: true } && type.OriginalDefinition.ToDisplayString() is "System.Threading.Tasks.Task<TResult>" or "System.Threading.Tasks.TaskFactory<TResult>";
        if (background)
        {
            // await Task.Run(producer) before reading: the producer is done when the reads start.
            return awaited ? null : "a background task";
        }

        if (typeName is "System.Threading.Timer" or "System.Timers.Timer")
        {
            return "a timer callback";
        }

        return method.MethodKind == MethodKind.Constructor
            ? $"a callback passed to 'new {type?.Name}'"
            : $"a callback passed to '{method.Name}'";
    }

    /// <summary>A local function is out of the stream's pace when it is started and not awaited, or handed away as a delegate.</summary>
    private string? DescribeLocalFunction(ILocalFunctionOperation local)
    {
        var symbol = local.Symbol;
        foreach (var invocation in index.Invocations)
        {
            if (!SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, symbol) || IsInside(invocation, local))
            {
                continue;
            }

            // A synchronous local function runs to completion where it is called.
            if (IsAwaited(invocation) || !symbol.IsAsync && !IsTaskLike(symbol.ReturnType))
            {
                continue;
            }

            return $"'{symbol.Name}' (started without being awaited)";
        }

        foreach (var reference in index.MethodReferences)
        {
            if (SymbolEqualityComparer.Default.Equals(reference.Method.OriginalDefinition, symbol) && DescribeDelegate(reference) is { } source)
            {
                return source;
            }
        }

        return null;
    }

    public static bool IsTaskLike(ITypeSymbol type) => type.Name is "Task" or "ValueTask" && type.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks";

    private static bool IsInside(IOperation operation, IOperation ancestor)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }
}
