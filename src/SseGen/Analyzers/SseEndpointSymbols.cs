using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// The well-known types the leak analyzers need, resolved once per compilation, and the questions
/// every leak rule asks: is this method an SSE endpoint, and which parameter is its token?
/// </summary>
internal sealed class SseEndpointSymbols
{
    private SseEndpointSymbols(
        INamedTypeSymbol cancellationToken,
        INamedTypeSymbol enumeratorCancellationAttribute,
        INamedTypeSymbol asyncEnumerable,
        INamedTypeSymbol sseEndpointAttribute)
    {
        CancellationToken = cancellationToken;
        EnumeratorCancellationAttribute = enumeratorCancellationAttribute;
        AsyncEnumerable = asyncEnumerable;
        SseEndpointAttribute = sseEndpointAttribute;
    }

    public INamedTypeSymbol CancellationToken { get; }

    public INamedTypeSymbol EnumeratorCancellationAttribute { get; }

    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>, unconstructed.</summary>
    public INamedTypeSymbol AsyncEnumerable { get; }

    public INamedTypeSymbol SseEndpointAttribute { get; }

    /// <summary>Resolves the types; <see langword="false"/> when any is missing (then nothing is analyzed).</summary>
    public static bool TryCreate(Compilation compilation, out SseEndpointSymbols symbols)
    {
        // The same per-compilation lookups the generator's parser uses.
        symbols = null!;
        var known = KnownTypes.From(compilation);
        if (known.CancellationToken is not { } token || known.EnumeratorCancellationAttribute is not { } enumeratorCancellation
            || known.IAsyncEnumerable is not { } asyncEnumerable || known.SseEndpointAttribute is not { } endpoint)
        {
            return false;
        }

        symbols = new SseEndpointSymbols(token, enumeratorCancellation, asyncEnumerable, endpoint);
        return true;
    }

    /// <summary>
    /// Whether <paramref name="symbol"/> is an SSE endpoint the leak rules look at: it carries
    /// <c>[SseEndpoint]</c> and returns <c>IAsyncEnumerable&lt;T&gt;</c> (anything else is a usage
    /// error reported elsewhere).
    /// </summary>
    public bool IsEndpoint(ISymbol? symbol)
    {
        if (symbol is not IMethodSymbol method || method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        return SymbolFacts.Is(method.ReturnType, AsyncEnumerable) && SymbolFacts.HasAttribute(method, SseEndpointAttribute);
    }

    public bool IsCancellationToken(ITypeSymbol? type) => SymbolEqualityComparer.Default.Equals(type, CancellationToken);

    public bool HasEnumeratorCancellation(IParameterSymbol parameter) => SymbolFacts.HasAttribute(parameter, EnumeratorCancellationAttribute);

    /// <summary>
    /// The endpoint's <c>[EnumeratorCancellation] CancellationToken</c> parameter, or
    /// <see langword="null"/> when it has none (SSE001's case).
    /// </summary>
    public IParameterSymbol? FindMarkedToken(IMethodSymbol method)
    {
        foreach (var parameter in method.Parameters)
        {
            if (IsCancellationToken(parameter.Type) && HasEnumeratorCancellation(parameter))
            {
                return parameter;
            }
        }

        return null;
    }

    /// <summary>
    /// The token that is cancelled when the client disconnects: the <c>[EnumeratorCancellation]</c>
    /// parameter, else the first <c>CancellationToken</c> parameter, which the generated code binds
    /// to the request's token too (SSE001 still asks for the attribute); <see langword="null"/>
    /// when the endpoint takes no token at all (then the other rules stay quiet).
    /// </summary>
    public IParameterSymbol? FindEndpointToken(IMethodSymbol method)
    {
        if (FindMarkedToken(method) is { } marked)
        {
            return marked;
        }

        foreach (var parameter in method.Parameters)
        {
            if (IsCancellationToken(parameter.Type))
            {
                return parameter;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether an operation is in the endpoint's own body rather than in a lambda or local function
    /// inside it: those run on their own schedule, so the rules do not judge them.
    /// </summary>
    public static bool IsInOwnBody(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether code at <paramref name="operation"/> can name the endpoint's token: no <c>static</c>
    /// lambda or local function in between, and none declares a parameter of that name.
    /// </summary>
    public static bool CanSeeToken(IOperation operation, IParameterSymbol token)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            var function = current switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol,
                ILocalFunctionOperation local => local.Symbol,
                _ => null,
            };
            if (function is null)
            {
                continue;
            }

            if (function.IsStatic)
            {
                return false;
            }

            foreach (var parameter in function.Parameters)
            {
                if (parameter.Name == token.Name)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Whether an operation runs as cleanup: inside a <c>finally</c> or a <c>catch</c>. When the
    /// client has gone the endpoint's token is already cancelled there, so passing it would make
    /// the cleanup throw <c>OperationCanceledException</c> at once instead of running.
    /// </summary>
    public static bool IsInCleanup(IOperation operation)
    {
        for (IOperation? child = operation, parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is ITryOperation tryOperation && tryOperation.Finally == child)
            {
                return true;
            }

            if (parent is ICatchClauseOperation catchClause && catchClause.Handler == child)
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is a token that can never be cancelled:
    /// <c>default</c>, <c>default(CancellationToken)</c>, <c>new CancellationToken()</c> or
    /// <c>CancellationToken.None</c>.
    /// </summary>
    public bool IsNoneToken(IOperation value)
    {
        value = WalkDownConversions(value);
        return value switch
        {
            IDefaultValueOperation => true,
            IObjectCreationOperation { Arguments.Length: 0 } creation => IsCancellationToken(creation.Type),
            IObjectCreationOperation { Arguments: [{ Value.ConstantValue: { HasValue: true, Value: false } }] } creation => IsCancellationToken(creation.Type),
            IPropertyReferenceOperation { Property: { Name: "None", IsStatic: true } property } => IsCancellationToken(property.ContainingType),
            _ => false,
        };
    }

    /// <summary>The value a declarator is initialized with (<c>var a = x</c>, or <c>using var a = x</c>), or null.</summary>
    public static IOperation? InitialValue(IVariableDeclaratorOperation declarator) =>
        (declarator.Initializer ?? (declarator.Parent as IVariableDeclarationOperation)?.Initializer)?.Value;

    /// <summary>The value <paramref name="local"/> is declared with in <paramref name="root"/>, or null when it has none or is declared elsewhere.</summary>
    public static IOperation? InitialValue(IOperation root, ILocalSymbol local)
    {
        foreach (var operation in Descendants(root))
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, local))
            {
                return InitialValue(declarator);
            }
        }

        return null;
    }

    public static IOperation WalkDownConversions(IOperation operation)
    {
        while (operation is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>
    /// Whether an operation tree mentions a live token: any expression of type
    /// <c>CancellationToken</c> that is not a "none" token (the endpoint's parameter, a linked
    /// source's <c>Token</c>, …). Lambdas and local functions are not entered.
    /// </summary>
    public bool MentionsLiveToken(IOperation root)
    {
        foreach (var operation in Descendants(root))
        {
            if (operation.Type is { } type && IsCancellationToken(type) && !IsNoneToken(operation) && operation is not IConversionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Descendants of <paramref name="root"/> (itself included), not entering lambdas or local functions.</summary>
    public static System.Collections.Generic.IEnumerable<IOperation> Descendants(IOperation root)
    {
        var stack = new System.Collections.Generic.Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                continue;
            }

            foreach (var child in current.ChildOperations)
            {
                stack.Push(child);
            }
        }
    }

    /// <summary>Builds a property bag for a diagnostic.</summary>
    public static ImmutableDictionary<string, string?> Properties(params (string Key, string? Value)[] entries)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, string?>();
        foreach (var (key, value) in entries)
        {
            builder[key] = value;
        }

        return builder.ToImmutable();
    }
}
