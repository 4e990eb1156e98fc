using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// Sorts each use of a buffer in one body (SSE005): a write (and who runs it), a hand-over of the
/// buffer or its writer to other code, an item-by-item read by the stream, a return of it, or an
/// alias (<c>var writer = channel.Writer;</c>) whose own uses are walked in turn.
/// </summary>
internal sealed class BufferUseWalker
{
    private readonly UnboundedBuffers _buffers;
    private readonly BodyIndex _index;
    private readonly WriteContexts _contexts;
    private readonly bool _isStream;
    private readonly string? _outside;
    private readonly INamedTypeSymbol? _ownerType;

    /// <param name="buffers">The buffer types.</param>
    /// <param name="index">The body the uses are in.</param>
    /// <param name="isStream">Whether the body is the endpoint's (only its reads feed the stream).</param>
    /// <param name="outside">For another member of the type: how it is named in the message (every write there is out of the stream's control).</param>
    /// <param name="ownerType">The type whose methods count as the stream's own producers when awaited.</param>
    public BufferUseWalker(UnboundedBuffers buffers, BodyIndex index, bool isStream, string? outside, INamedTypeSymbol? ownerType)
    {
        _buffers = buffers;
        _index = index;
        _contexts = new WriteContexts(index);
        _isStream = isStream;
        _outside = outside;
        _ownerType = ownerType;
    }

    public BodyIndex Index => _index;

    public void VisitLocal(ILocalSymbol local, BufferFacts facts)
    {
        if (!facts.Visit(local))
        {
            return;
        }

        foreach (var reference in _index.References(local))
        {
            Visit(reference, facts);
        }
    }

    /// <summary>Sorts one use of the buffer: <paramref name="reference"/> evaluates to it (or to its reader, writer or items).</summary>
    public void Visit(IOperation reference, BufferFacts facts)
    {
        var use = UpThroughConversions(reference);
        if (use.Parent is IPropertyReferenceOperation { Property.Name: "Writer" or "Reader" } part && part.Instance == use)
        {
            use = UpThroughConversions(part);
        }

        var reader = _buffers.IsReader(use.Type);
        var writer = _buffers.IsWriter(use.Type);
        switch (use.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == use:
                VisitCall(invocation, reader, writer, facts);
                break;
            case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsExtensionMethod: true } extension } receiver when extension.Arguments[0] == receiver:
                // reader.ReadAllAsync(…).WithCancellation(token): the receiver of an extension method is its first argument.
                VisitCall(extension, reader, writer, facts);
                break;
            case IForEachLoopOperation loop when SseEndpointSymbols.WalkDownConversions(loop.Collection) == SseEndpointSymbols.WalkDownConversions(use):
                if (_isStream && SseEndpointSymbols.IsInOwnBody(loop) && Yields(loop.Body))
                {
                    facts.ItemRead(loop.Collection);
                }

                break;
            case IArgumentOperation argument when !reader && !IsReadOnly(argument.Parameter?.Type) && !IsAtomicSwap(argument.Parent):
                HandOff(argument.Parent, argument.Parent switch
                {
                    IInvocationOperation call => call.TargetMethod.Name,
                    IObjectCreationOperation creation => "new " + creation.Type?.Name,
                    _ => argument.Syntax.ToString(),
                }, facts);
                break;
            case IReturnOperation:
                facts.Returned = true;
                if (_outside is not null && !reader)
                {
                    facts.Write(_outside, awaitedWriteAsync: false);
                }

                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                VisitLocal(declarator.Symbol, facts);
                break;
            case ISimpleAssignmentOperation assignment when assignment.Value == use:
                if (assignment.Target is ILocalReferenceOperation alias)
                {
                    VisitLocal(alias.Local, facts);
                }
                else if (!reader)
                {
                    HandOff(null, assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } owner } ? owner.Syntax.ToString() : assignment.Target.Syntax.ToString(), facts);
                }

                break;
        }
    }

    private void VisitCall(IInvocationOperation invocation, bool reader, bool writer, BufferFacts facts)
    {
        var name = invocation.TargetMethod.Name;
        if (!reader && UnboundedBuffers.IsWrite(name))
        {
            var awaited = name == "WriteAsync" && WriteContexts.IsAwaited(invocation);
            facts.Write(_outside ?? _contexts.Describe(invocation), awaited);
            return;
        }

        if (writer)
        {
            return;
        }

        if (name is "WithCancellation" or "ConfigureAwait" && !_buffers.IsBufferType(invocation.Type))
        {
            // A sequence a callee returned, passed along: its uses are the buffer's.
            Visit(invocation, facts);
            return;
        }

        if (UnboundedBuffers.IsItemRead(name))
        {
            if (UnboundedBuffers.IsSequence(name) && UpThroughConversions(invocation).Parent is IReturnOperation)
            {
                facts.Returned = true;
            }

            if (_isStream && SseEndpointSymbols.IsInOwnBody(invocation))
            {
                facts.ItemRead(invocation);
            }
            else if (UnboundedBuffers.IsSequence(name))
            {
                Visit(invocation, facts);
            }
        }
        else if (UnboundedBuffers.IsTake(name) && _isStream && SseEndpointSymbols.IsInOwnBody(invocation) && LoopYields(invocation))
        {
            facts.ItemRead(invocation);
        }
    }

    /// <summary>
    /// The buffer or its writer goes to other code, which may fill it at any pace; except a helper
    /// of the stream's own (a local function or a method of the endpoint's type) that is done when
    /// the call returns: awaited on the spot, or synchronous (<c>Fill(list)</c>).
    /// </summary>
    private void HandOff(IOperation? call, string receiver, BufferFacts facts)
    {
        if (call is IInvocationOperation invocation
            && (WriteContexts.IsAwaited(invocation) || !invocation.TargetMethod.IsAsync && !WriteContexts.IsTaskLike(invocation.TargetMethod.ReturnType))
            && (invocation.TargetMethod.MethodKind == MethodKind.LocalFunction || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, _ownerType)))
        {
            facts.Write(null, awaitedWriteAsync: false);
            return;
        }

        facts.Write(_outside ?? $"code it is handed to ('{receiver}')", awaitedWriteAsync: false);
    }

    private static IOperation UpThroughConversions(IOperation operation)
    {
        while (operation.Parent is IConversionOperation { IsImplicit: true } conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    /// <summary>A parameter that can only read what it is given: <c>IEnumerable&lt;T&gt;</c>, a read-only view, <c>object</c>.</summary>
    private bool IsReadOnly(ITypeSymbol? type) => type is null
        || _buffers.IsReader(type)
        || type.SpecialType is SpecialType.System_Object or SpecialType.System_Collections_IEnumerable
        || type.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
            or SpecialType.System_Collections_Generic_IReadOnlyCollection_T or SpecialType.System_Collections_Generic_IReadOnlyList_T
        || type.OriginalDefinition is { Name: "IAsyncEnumerable", ContainingNamespace.Name: "Generic" };

    /// <summary><c>Interlocked.Exchange(ref list, new())</c>: the stream takes the whole buffer at once (a snapshot, not a hand-over).</summary>
    private static bool IsAtomicSwap(IOperation? call) =>
        call is IInvocationOperation { TargetMethod.ContainingType: { Name: "Interlocked" or "Volatile" } };

    /// <summary>Whether the innermost loop around a take yields inside: then items go out one by one as they are taken.</summary>
    private static bool LoopYields(IOperation take)
    {
        for (var current = take.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case ILoopOperation loop:
                    return Yields(loop.Body);
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool Yields(IOperation body)
    {
        foreach (var operation in SseEndpointSymbols.Descendants(body))
        {
            if (operation is IReturnOperation { Kind: OperationKind.YieldReturn })
            {
                return true;
            }
        }

        return false;
    }
}
