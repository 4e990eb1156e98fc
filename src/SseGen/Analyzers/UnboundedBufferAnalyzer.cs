using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Diagnostics;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE005: an unbounded buffer (<c>Channel.CreateUnbounded</c>, an unbounded
/// <c>BlockingCollection</c>, a concurrent or plain queue, stack, bag or list) between a source the
/// stream does not pace and the stream that reads it item by item: when the client reads slower
/// than the source writes, the buffer grows until the process runs out of memory.
/// </summary>
/// <remarks>
/// The buffer is created in the endpoint (or a lambda or local function in it), held in a field or
/// property of the endpoint's type (or of a parameter's type) that is initialised with one, or
/// created and returned by a method the endpoint calls. It is filled from a delegate handed away
/// (event <c>+=</c>, a callback, <c>Task.Run</c>, a timer), a local function started without being
/// awaited, another member of the type, or code the buffer or its writer is handed to. Not flagged:
/// bounded buffers, a buffer the stream drains completely before it yields
/// (<c>while (q.TryDequeue(out …))</c> with no <c>yield</c> inside, a snapshot), a buffer only the
/// stream's own body fills, and one it never reads. Endpoints with or without a token.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnboundedBufferAnalyzer : SseEndpointAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(LeakDescriptors.UnboundedBuffer);

    private protected override void OnCompilationStart(CompilationStartAnalysisContext start, SseEndpointSymbols symbols)
    {
        var buffers = UnboundedBuffers.Create(start.Compilation);
        start.RegisterOperationBlockAction(block =>
        {
            if (!symbols.IsEndpoint(block.OwningSymbol))
            {
                return;
            }

            foreach (var root in block.OperationBlocks)
            {
                if (root.SemanticModel is { } model)
                {
                    AnalyzeEndpoint(block, (IMethodSymbol)block.OwningSymbol, root, buffers, model);
                }
            }
        });
    }

    private static void AnalyzeEndpoint(OperationBlockAnalysisContext context, IMethodSymbol endpoint, IOperation root, UnboundedBuffers buffers, SemanticModel model)
    {
        var index = new BodyIndex(root);
        var walker = new BufferUseWalker(buffers, index, isStream: true, outside: null, endpoint.ContainingType);
        var captured = new CapturedBuffers(buffers, model);

        // Created here: var channel = Channel.CreateUnbounded<T>();
        foreach (var declarator in index.Declarators)
        {
            if (SseEndpointSymbols.InitialValue(declarator) is not { } value || !buffers.IsUnboundedCreation(value))
            {
                continue;
            }

            var creation = SseEndpointSymbols.WalkDownConversions(value);
            var facts = new BufferFacts();
            walker.VisitLocal(declarator.Symbol, facts);
            Report(context, endpoint, facts, creation.Syntax, $"'{creation.Syntax}'", buffers.CanBound(creation) ? (creation, declarator.Symbol.Name) : null);
        }

        // Held in a field or property of the endpoint's type, or of a parameter's type.
        var members = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var reference in index.MemberReferences)
        {
            if (buffers.IsBufferType(reference.Type) && IsCapturedBy(reference, endpoint))
            {
                if (!members.TryGetValue(reference.Member, out var uses))
                {
                    members[reference.Member] = uses = new List<IOperation>();
                }

                uses.Add(reference);
            }
        }

        foreach (var pair in members)
        {
            if (captured.FindInitialization(pair.Key) is not { } found)
            {
                continue;
            }

            var (creation, isInitializer) = found;
            var facts = new BufferFacts();
            foreach (var use in pair.Value)
            {
                walker.Visit(use, facts);
            }

            captured.VisitOtherMembers(pair.Key, root.Syntax, facts);
            var fixable = isInitializer && SymbolEqualityComparer.Default.Equals(pair.Key.ContainingType, endpoint.ContainingType) && buffers.CanBound(creation);
            Report(context, endpoint, facts, facts.FirstItemRead?.Syntax, $"'{pair.Key.Name}'", fixable ? (creation, pair.Key.Name) : null);
        }

        // Created, fed and returned by a method the endpoint calls: var reader = feed.Subscribe(topic);
        foreach (var invocation in index.Invocations)
        {
            var callee = invocation.TargetMethod;
            if (callee.MethodKind != MethodKind.Ordinary || callee.DeclaringSyntaxReferences.IsEmpty
                || SymbolEqualityComparer.Default.Equals(callee, endpoint) || !ReturnsItems(callee.ReturnType, buffers)
                || captured.FindReturnedBuffer(callee) is not { } returned)
            {
                continue;
            }

            var (creation, source) = returned;
            var facts = BufferFacts.FilledFrom(source);
            walker.Visit(invocation, facts);
            Report(context, endpoint, facts, invocation.Syntax, $"'{creation}' in '{callee.Name}'", fix: null);
        }
    }

    /// <summary>A field or property of the endpoint's type, or one reached through a parameter of the endpoint (a DI service).</summary>
    private static bool IsCapturedBy(IMemberReferenceOperation reference, IMethodSymbol endpoint) =>
        reference.Member is IFieldSymbol or IPropertySymbol { IsIndexer: false }
        && !reference.Member.DeclaringSyntaxReferences.IsEmpty
        && (SymbolEqualityComparer.Default.Equals(reference.Member.ContainingType, endpoint.ContainingType)
            || reference.Instance is IParameterReferenceOperation parameter && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, endpoint));

    /// <summary>A return type that can carry a buffer's items to the caller: the buffer, its reader, or a sequence.</summary>
    private static bool ReturnsItems(ITypeSymbol type, UnboundedBuffers buffers) =>
        buffers.IsBufferType(type) || buffers.IsReader(type)
        || type.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
        || type.OriginalDefinition is { Name: "IAsyncEnumerable", ContainingNamespace.Name: "Generic" };

    /// <summary>Reports when the buffer is filled from outside the stream and read by it item by item; <paramref name="buffer"/> is the message's quoted <c>{0}</c>.</summary>
    private static void Report(OperationBlockAnalysisContext context, IMethodSymbol endpoint, BufferFacts facts, SyntaxNode? location, string buffer, (IOperation Creation, string Holder)? fix)
    {
        if (facts.Source is not { } source || facts.FirstItemRead is null || location is null)
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        var additional = ImmutableArray<Location>.Empty;
        if (fix is { } bound)
        {
            var (creation, holder) = bound;
            properties = SseEndpointSymbols.Properties(
                (DiagnosticProperties.Fix, DiagnosticProperties.FixBoundedChannel),
                (DiagnosticProperties.FullMode, facts.WritersCanWait ? DiagnosticProperties.FullModeWait : DiagnosticProperties.FullModeDropOldest),
                (DiagnosticProperties.CapacityName, UnboundedBuffers.CapacityName(holder)));
            if (creation.Syntax != location)
            {
                additional = ImmutableArray.Create(creation.Syntax.GetLocation());
            }
        }

        context.ReportDiagnostic(Diagnostic.Create(LeakDescriptors.UnboundedBuffer, location.GetLocation(), additional, properties, buffer, source, endpoint.Name));
    }
}
