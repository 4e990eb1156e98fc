using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// One walk over a body (lambdas and local functions included), sorted into what SSE005 looks up
/// again and again: references to locals, declarations, calls and method groups.
/// </summary>
internal sealed class BodyIndex
{
    private static readonly List<IOperation> s_none = new();
    private readonly Dictionary<ILocalSymbol, List<IOperation>> _localReferences = new(SymbolEqualityComparer.Default);

    public BodyIndex(IOperation root)
    {
        Root = root;
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    if (!_localReferences.TryGetValue(local.Local, out var list))
                    {
                        _localReferences[local.Local] = list = new List<IOperation>();
                    }

                    list.Add(local);
                    break;
                case IVariableDeclaratorOperation declarator:
                    Declarators.Add(declarator);
                    break;
                case IInvocationOperation invocation:
                    Invocations.Add(invocation);
                    break;
                case IMethodReferenceOperation method:
                    MethodReferences.Add(method);
                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    MemberReferences.Add((IMemberReferenceOperation)operation);
                    break;
            }
        }
    }

    public IOperation Root { get; }

    public List<IVariableDeclaratorOperation> Declarators { get; } = new();

    public List<IInvocationOperation> Invocations { get; } = new();

    public List<IMethodReferenceOperation> MethodReferences { get; } = new();

    public List<IMemberReferenceOperation> MemberReferences { get; } = new();

    public List<IOperation> References(ILocalSymbol local) => _localReferences.TryGetValue(local, out var list) ? list : s_none;
}
