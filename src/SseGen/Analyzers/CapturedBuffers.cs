using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Buffers SSE005 finds outside the endpoint's body: a field or property initialised with an
/// unbounded buffer (and who else writes it), and an unbounded buffer a method the endpoint calls
/// creates, feeds from a handler and returns. Only code in the endpoint's own file is read: that is
/// the semantic model the analysis already has, so no other file is bound for it.
/// </summary>
internal sealed class CapturedBuffers(UnboundedBuffers buffers, SemanticModel model)
{
    /// <summary>
    /// The unbounded creation that initialises <paramref name="member"/> (its initializer or an
    /// assignment in a constructor), and whether it is the initializer; null when none is in sight.
    /// </summary>
    public (IOperation Creation, bool IsInitializer)? FindInitialization(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                continue;
            }

            EqualsValueClauseSyntax? initializer = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax variable => variable.Initializer,
                PropertyDeclarationSyntax property => property.Initializer,
                _ => null,
            };
            var value = initializer is null ? null : (model.GetOperation(initializer) as ISymbolInitializerOperation)?.Value;
            if (value is not null && buffers.IsUnboundedCreation(value))
            {
                return (SseEndpointSymbols.WalkDownConversions(value), true);
            }
        }

        foreach (var constructor in member.ContainingType.Constructors)
        {
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree || model.GetOperation(reference.GetSyntax()) is not { } body)
                {
                    continue;
                }

                foreach (var operation in body.Descendants())
                {
                    if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment
                        && SymbolEqualityComparer.Default.Equals(target.Member, member)
                        && buffers.IsUnboundedCreation(assignment.Value))
                    {
                        return (SseEndpointSymbols.WalkDownConversions(assignment.Value), false);
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Sorts every use of <paramref name="member"/> in the other members of its type (in this file): each of them is outside the stream.</summary>
    public void VisitOtherMembers(ISymbol member, SyntaxNode endpoint, BufferFacts facts)
    {
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree || reference.GetSyntax() is not TypeDeclarationSyntax type)
            {
                continue;
            }

            foreach (var declaration in type.Members)
            {
                if (declaration.Span.Contains(endpoint.Span))
                {
                    continue;
                }

                BufferUseWalker? walker = null;
                foreach (var node in declaration.DescendantNodes())
                {
                    if (node is not IdentifierNameSyntax identifier || identifier.Identifier.ValueText != member.Name
                        || model.GetOperation(identifier) is not IMemberReferenceOperation use
                        || !SymbolEqualityComparer.Default.Equals(use.Member, member))
                    {
                        continue;
                    }

                    walker ??= new BufferUseWalker(buffers, new BodyIndex(Root(use)), isStream: false, Describe(identifier, member.ContainingType), member.ContainingType);
                    walker.Visit(use, facts);
                }
            }
        }
    }

    /// <summary>
    /// When <paramref name="callee"/> (in this file) creates an unbounded buffer, fills it from
    /// somewhere it does not pace and returns it: the creation as written and where it is filled from.
    /// </summary>
    public (string Creation, string Source)? FindReturnedBuffer(IMethodSymbol callee)
    {
        foreach (var reference in callee.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree || reference.GetSyntax() is not MethodDeclarationSyntax declaration
                || model.GetOperation(declaration) is not { } body)
            {
                continue;
            }

            var walker = new BufferUseWalker(buffers, new BodyIndex(body), isStream: false, outside: null, callee.ContainingType);
            foreach (var declarator in walker.Index.Declarators)
            {
                if (SseEndpointSymbols.InitialValue(declarator) is not { } value || !buffers.IsUnboundedCreation(value))
                {
                    continue;
                }

                var facts = new BufferFacts();
                walker.VisitLocal(declarator.Symbol, facts);
                if (facts.Returned && facts.Source is { } source)
                {
                    return (SseEndpointSymbols.WalkDownConversions(value).Syntax.ToString(), source);
                }
            }
        }

        return null;
    }

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>How the message names another member: <c>'Publish' outside the stream</c>, or its type's constructor.</summary>
    private string Describe(SyntaxNode node, INamedTypeSymbol type)
    {
        for (var symbol = model.GetEnclosingSymbol(node.SpanStart); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (!SymbolEqualityComparer.Default.Equals(symbol.ContainingSymbol, type))
            {
                continue;
            }

            return symbol switch
            {
                IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.StaticConstructor } => $"the constructor of '{type.Name}'",
                IMethodSymbol { AssociatedSymbol: { } property } => $"'{property.Name}' outside the stream",
                _ => $"'{symbol.Name}' outside the stream",
            };
        }

        return $"another member of '{type.Name}'";
    }
}
