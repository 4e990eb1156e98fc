using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Walks SSE006 makes over an endpoint's whole operation tree, lambdas and local functions
/// included (unlike <see cref="SseEndpointSymbols.Descendants"/>, which stops at them): a task
/// awaited in a lambda and a local declared in one are still the endpoint's.
/// </summary>
internal static class OperationTrees
{
    /// <summary>The top of the tree <paramref name="operation"/> is in: the endpoint's body.</summary>
    public static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>The value <paramref name="local"/> is declared with, read from its declaration in the model of <paramref name="anywhere"/>; null when it has none.</summary>
    public static IOperation? InitialValue(IOperation anywhere, ILocalSymbol local)
    {
        // From the declaration's own syntax, not a walk of the endpoint: this is asked once per await
        // and per candidate call, and a walk each time made a large endpoint cubic (500 awaited
        // .Results: 20 s).
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value } && anywhere.SemanticModel?.GetOperation(value) is { } operation)
            {
                return operation;
            }
        }

        return null;
    }

    /// <summary>
    /// The task under implicit conversions and <c>.ConfigureAwait(…)</c>: <c>t.ConfigureAwait(false)</c>
    /// waits for <c>t</c>.
    /// </summary>
    public static IOperation StripConfigureAwait(IOperation operation)
    {
        operation = SseEndpointSymbols.WalkDownConversions(operation);
        while (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } task })
        {
            operation = SseEndpointSymbols.WalkDownConversions(task);
        }

        return operation;
    }

    /// <summary>Whether the operation is only named, never run: inside <c>nameof(…)</c> or a lambda that becomes an expression tree.</summary>
    public static bool IsNeverRun(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is INameOfOperation)
            {
                return true;
            }

            if (current is IAnonymousFunctionOperation { Parent: { Type: { Name: "Expression", ContainingNamespace.Name: "Expressions" } } })
            {
                return true;
            }
        }

        return false;
    }
}
