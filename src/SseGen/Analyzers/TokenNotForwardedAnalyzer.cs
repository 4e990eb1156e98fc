using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE002: inside an SSE endpoint, an awaited call that accepts a <c>CancellationToken</c>
/// (a parameter, an optional parameter, or an overload with a trailing token, as CA2016 looks for
/// it) must be given a live token, and an <c>await foreach</c> over another stream must pass one
/// (to the call that makes the stream, or with <c>WithCancellation</c>).
/// </summary>
/// <remarks>
/// Any token that is not <c>default</c> / <c>CancellationToken.None</c> counts as forwarded: the
/// endpoint's own token, a linked source's <c>Token</c>, a token passed to a helper. Calls inside
/// lambdas and local functions are not judged, nor is cleanup: calls in <c>finally</c> and
/// <c>catch</c> and <c>DisposeAsync</c> run after the token has fired, and passing it there would
/// make them throw instead of cleaning up. A <c>CancellationToken</c> parameter without
/// <c>[EnumeratorCancellation]</c> is the endpoint's token too (the generated code binds it to the
/// request's); with no token at all there is nothing to forward, and SSE001 already reports.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenNotForwardedAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.TokenNotForwarded);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols) =>
        RegisterEndpointsWithToken(start, symbols, (block, token) =>
        {
            block.RegisterOperationAction(c => AnalyzeInvocation(c, symbols, token), OperationKind.Invocation);
            block.RegisterOperationAction(c => AnalyzeAwaitForEach(c, symbols, token), OperationKind.Loop);
        });

    private static void AnalyzeInvocation(OperationAnalysisContext context, SseEndpointSymbols symbols, IParameterSymbol token)
    {
        var invocation = (IInvocationOperation)context.Operation;
        // Cleanup (finally, catch, DisposeAsync) must run after the token has fired: never ask for it there.
        if (!IsAwaited(invocation) || !SseEndpointSymbols.IsInOwnBody(invocation) || SseEndpointSymbols.IsInCleanup(invocation)
            || invocation.TargetMethod.Name is "DisposeAsync" or "Dispose")
        {
            return;
        }

        if (CancellableCalls.FindMissingToken(invocation, symbols, context.Compilation, token) is { } properties)
        {
            Report(context, invocation.Syntax, properties, token, invocation.TargetMethod.Name);
        }
    }

    private static void AnalyzeAwaitForEach(OperationAnalysisContext context, SseEndpointSymbols symbols, IParameterSymbol token)
    {
        if (context.Operation is not IForEachLoopOperation { IsAsynchronous: true } loop || !SseEndpointSymbols.IsInOwnBody(loop) || SseEndpointSymbols.IsInCleanup(loop))
        {
            return;
        }

        var stream = SseEndpointSymbols.WalkDownConversions(loop.Collection);

        // Peel .ConfigureAwait(..) / .WithCancellation(..): a live token in WithCancellation is forwarding.
        while (stream is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "WithCancellation" } wrapper && IsStreamWrapper(wrapper.TargetMethod))
        {
            if (wrapper.TargetMethod.Name == "WithCancellation")
            {
                var argument = wrapper.Arguments[wrapper.Arguments.Length - 1];
                if (!symbols.IsNoneToken(argument.Value))
                {
                    return;
                }

                Report(context, wrapper.Syntax, CancellableCalls.Properties(DiagnosticProperties.FixReplaceArgument, token, argument.Parameter?.Name), token, "WithCancellation");
                return;
            }

            var inner = wrapper.Instance ?? (wrapper.Arguments.Length > 0 ? wrapper.Arguments[0].Value : null);
            if (inner is null)
            {
                return;
            }

            stream = SseEndpointSymbols.WalkDownConversions(inner);
        }

        if (stream is IInvocationOperation call && CancellableCalls.HasTokenOption(call, symbols, context.Compilation))
        {
            // The call that makes the stream takes a token: passing it there is the natural fix.
            if (CancellableCalls.FindMissingToken(call, symbols, context.Compilation, token) is { } properties)
            {
                Report(context, call.Syntax, properties, token, call.TargetMethod.Name);
            }

            return;
        }

        if (stream is ILocalReferenceOperation local && LocalInitializerMentionsToken(loop, local.Local, symbols))
        {
            return;
        }

        if (!IsAsyncEnumerable(loop.Collection.Type ?? stream.Type, symbols) || loop.Collection.Syntax is not ExpressionSyntax)
        {
            return;
        }

        Report(context, loop.Collection.Syntax, CancellableCalls.Properties(DiagnosticProperties.FixWithCancellation, token, null), token, "await foreach");
    }

    /// <summary>Awaited directly, or through <c>.ConfigureAwait(..)</c>.</summary>
    private static bool IsAwaited(IInvocationOperation invocation)
    {
        var parent = invocation.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        if (parent is IAwaitOperation)
        {
            return true;
        }

        return parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure
            && configure.Instance is not null
            && configure.Parent is IAwaitOperation;
    }

    /// <summary><c>WithCancellation</c> / <c>ConfigureAwait</c> of <c>TaskAsyncEnumerableExtensions</c> or <c>ConfiguredCancelableAsyncEnumerable</c>.</summary>
    private static bool IsStreamWrapper(IMethodSymbol method) =>
        method.ContainingType is { Name: "TaskAsyncEnumerableExtensions" or "ConfiguredCancelableAsyncEnumerable" } type
        && type.ContainingNamespace?.ToDisplayString() is "System.Threading.Tasks" or "System.Runtime.CompilerServices";

    private static bool IsAsyncEnumerable(ITypeSymbol? type, SseEndpointSymbols symbols) => SymbolFacts.Implements(type, symbols.AsyncEnumerable);

    /// <summary>Whether the local's initializer was built with a live token (<c>var s = feed.Subscribe(token)</c>).</summary>
    private static bool LocalInitializerMentionsToken(IOperation anywhereInBody, ILocalSymbol local, SseEndpointSymbols symbols)
    {
        var root = anywhereInBody;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        return SseEndpointSymbols.InitialValue(root, local) is { } value && symbols.MentionsLiveToken(value);
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode node, ImmutableDictionary<string, string?> properties, IParameterSymbol token, string target) =>
        context.ReportDiagnostic(Diagnostic.Create(LeakDescriptors.TokenNotForwarded, node.GetLocation(), properties, token.Name, target));
}
