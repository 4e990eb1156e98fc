using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// What SSE003 counts as a resource the endpoint acquired and must release (see
/// <see cref="UnreleasedResourceAnalyzer"/> for the list), and which <c>using</c> releases it.
/// </summary>
internal sealed class DisposableResources(INamedTypeSymbol disposable, INamedTypeSymbol asyncDisposable)
{
    private static readonly ImmutableHashSet<string> s_inMemoryTypes = ImmutableHashSet.Create(
        "System.IO.MemoryStream", "System.IO.StringReader", "System.IO.StringWriter", "System.Threading.Tasks.Task", "System.Threading.Tasks.Task`1");

    private static readonly ImmutableHashSet<string> s_resourceReturnTypes = ImmutableHashSet.Create(
        "System.IDisposable", "System.IAsyncDisposable", "System.Threading.ITimer", "System.Threading.Timer", "System.Threading.PeriodicTimer",
        "System.Threading.CancellationTokenRegistration", "System.Threading.CancellationTokenSource");

    private const string ServiceScope = "Microsoft.Extensions.DependencyInjection.IServiceScope";

    // Disposable results the caller does not own: IHttpClientFactory's clients share pooled handlers
    // and need no disposal (disposing is allowed, so a using stays clean either way).
    private static readonly ImmutableHashSet<string> s_notOwnedResults = ImmutableHashSet.Create("System.Net.Http.HttpClient");

    /// <summary>Whether <paramref name="value"/> (a <c>new</c>, a call or an awaited call) hands the endpoint a resource it must release.</summary>
    public bool IsAcquisition(IOperation value) => value switch
    {
        IObjectCreationOperation { Type: { } type } => IsDisposable(type) && !s_inMemoryTypes.Contains(MetadataName(type.OriginalDefinition)),
        IInvocationOperation { TargetMethod.ReturnType: { } returnType } invocation => IsResourceResult(invocation.TargetMethod, returnType),

        // var sub = await bus.SubscribeAsync(…) (Task<IAsyncDisposable>, ValueTask<IDisposable>, …), also through ConfigureAwait.
        IAwaitOperation { Type: { } awaitedType } awaited when AwaitedCall(awaited) is { } call => IsResourceResult(call.TargetMethod, awaitedType),
        _ => false,
    };

    /// <summary>
    /// Whether a call's result (or awaited result) is a resource the caller owns: one of the
    /// resource interfaces and types, a DI scope, or a concrete disposable type a factory made.
    /// </summary>
    private bool IsResourceResult(IMethodSymbol method, ITypeSymbol result)
    {
        var name = MetadataName(result.OriginalDefinition);
        if (s_resourceReturnTypes.Contains(name) || name == ServiceScope)
        {
            return true;
        }

        // A concrete disposable returned by a factory (CreateAsyncScope(), File.OpenRead(), GetAsync()).
        // Not: a generic method's T (GetRequiredService<T>() hands out what DI owns), an
        // enumerator (foreach's business), or the shared/in-memory types listed above.
        return result.TypeKind is TypeKind.Class or TypeKind.Struct
            && method.OriginalDefinition.ReturnType is not ITypeParameterSymbol
            && method.Name is not ("GetEnumerator" or "GetAsyncEnumerator")
            && !s_inMemoryTypes.Contains(name)
            && !s_notOwnedResults.Contains(name)
            && IsDisposable(result);
    }

    /// <summary>The call an <c>await</c> waits for, with <c>.ConfigureAwait(..)</c> peeled off.</summary>
    public static IInvocationOperation? AwaitedCall(IAwaitOperation awaited)
    {
        var operation = SseEndpointSymbols.WalkDownConversions(awaited.Operation);
        if (operation is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Instance: { } instance })
        {
            operation = SseEndpointSymbols.WalkDownConversions(instance);
        }

        return operation as IInvocationOperation;
    }

    private bool IsDisposable(ITypeSymbol type) =>
        SymbolFacts.Implements(type, disposable) || SymbolFacts.Implements(type, asyncDisposable);

    /// <summary>
    /// <c>using</c> for an <c>IDisposable</c>, <c>await using</c> for an async-only disposable in an
    /// async method, and also for one that has both when it came from an async API
    /// (<c>CreateAsyncScope()</c>, an awaited subscription): its owner asked for async disposal.
    /// </summary>
    public string? UsingFix(ITypeSymbol type, IMethodSymbol method, bool preferAsync)
    {
        if (preferAsync && method.IsAsync && SymbolFacts.Implements(type, asyncDisposable))
        {
            return DiagnosticProperties.FixAwaitUsingDeclaration;
        }

        if (SymbolFacts.Implements(type, disposable))
        {
            return DiagnosticProperties.FixUsingDeclaration;
        }

        return SymbolFacts.Implements(type, asyncDisposable) && method.IsAsync ? DiagnosticProperties.FixAwaitUsingDeclaration : null;
    }

    public static bool PrefersAsyncDisposal(IOperation acquisition) =>
        acquisition is IAwaitOperation || acquisition is IInvocationOperation { TargetMethod.Name: var name } && name.Contains("Async");

    private static string MetadataName(ITypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + type.MetadataName : type.MetadataName;

    /// <summary>A local name for a discarded resource: <c>ITimer</c> → <c>timer</c>, <c>CancellationTokenRegistration</c> → <c>registration</c>.</summary>
    public static string SuggestedName(ITypeSymbol type)
    {
        var name = type.Name;
        if (type.TypeKind == TypeKind.Interface && name.Length > 1 && name[0] == 'I' && char.IsUpper(name[1]))
        {
            name = name.Substring(1);
        }

        if (name == "CancellationTokenRegistration")
        {
            name = "Registration";
        }
        else if (name is "Disposable" or "AsyncDisposable")
        {
            name = "Subscription";
        }

        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }
}
