using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// What SSE005 counts as an unbounded buffer and which of its members write to it or read it, with
/// the types resolved once per compilation.
/// </summary>
internal sealed class UnboundedBuffers
{
    private const string Channels = "System.Threading.Channels.";
    private const string Concurrent = "System.Collections.Concurrent.";
    private const string Generic = "System.Collections.Generic.";

    private readonly INamedTypeSymbol? _channelFactory;
    private readonly INamedTypeSymbol? _unboundedOptions;
    private readonly INamedTypeSymbol? _blockingCollection;
    private readonly INamedTypeSymbol? _reader;
    private readonly INamedTypeSymbol? _writer;
    private readonly INamedTypeSymbol?[] _channels;
    private readonly INamedTypeSymbol?[] _collections;

    private UnboundedBuffers(Compilation compilation)
    {
        _channelFactory = compilation.GetTypeByMetadataName(Channels + "Channel");
        _unboundedOptions = compilation.GetTypeByMetadataName(Channels + "UnboundedChannelOptions");
        _blockingCollection = compilation.GetTypeByMetadataName(Concurrent + "BlockingCollection`1");
        _reader = compilation.GetTypeByMetadataName(Channels + "ChannelReader`1");
        _writer = compilation.GetTypeByMetadataName(Channels + "ChannelWriter`1");
        _channels = new[] { compilation.GetTypeByMetadataName(Channels + "Channel`1"), compilation.GetTypeByMetadataName(Channels + "Channel`2") };
        _collections = new[]
        {
            _blockingCollection,
            compilation.GetTypeByMetadataName(Concurrent + "ConcurrentQueue`1"),
            compilation.GetTypeByMetadataName(Concurrent + "ConcurrentStack`1"),
            compilation.GetTypeByMetadataName(Concurrent + "ConcurrentBag`1"),
            compilation.GetTypeByMetadataName(Generic + "Queue`1"),
            compilation.GetTypeByMetadataName(Generic + "Stack`1"),
            compilation.GetTypeByMetadataName(Generic + "List`1"),
            compilation.GetTypeByMetadataName(Generic + "LinkedList`1"),
        };
    }

    public static UnboundedBuffers Create(Compilation compilation) => new(compilation);

    /// <summary>
    /// <c>Channel.CreateUnbounded&lt;T&gt;(…)</c> / <c>CreateUnboundedPrioritized</c>, or a <c>new</c>
    /// of one of the collections (a <c>BlockingCollection&lt;T&gt;</c> only without a capacity).
    /// </summary>
    public bool IsUnboundedCreation(IOperation value) => SseEndpointSymbols.WalkDownConversions(value) switch
    {
        IInvocationOperation { TargetMethod: { Name: "CreateUnbounded" or "CreateUnboundedPrioritized" } method } =>
            SymbolEqualityComparer.Default.Equals(method.ContainingType, _channelFactory),
        IObjectCreationOperation { Type: { } type, Constructor: { } constructor } => IsCollection(type) && (!SymbolFacts.Is(type, _blockingCollection) || !HasCapacity(constructor)),
        _ => false,
    };

    /// <summary>
    /// Whether the fix can turn <paramref name="creation"/> into a bounded channel: <c>Channel.CreateUnbounded&lt;T&gt;()</c>
    /// with no options, or with <c>new UnboundedChannelOptions { … }</c> setting only what
    /// <c>BoundedChannelOptions</c> has too.
    /// </summary>
    public bool CanBound(IOperation creation)
    {
        if (SseEndpointSymbols.WalkDownConversions(creation) is not IInvocationOperation { TargetMethod.Name: "CreateUnbounded" } invocation)
        {
            return false;
        }

        if (invocation.Arguments.Length == 0)
        {
            return true;
        }

        if (invocation.Arguments.Length != 1
            || SseEndpointSymbols.WalkDownConversions(invocation.Arguments[0].Value) is not IObjectCreationOperation { Arguments.Length: 0 } options
            || !SymbolFacts.Is(options.Type, _unboundedOptions))
        {
            return false;
        }

        if (options.Initializer is null)
        {
            // new UnboundedChannelOptions(): nothing set, nothing to carry over.
            return true;
        }

        foreach (var initializer in options.Initializer.Initializers)
        {
            if (initializer is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "SingleReader" or "SingleWriter" or "AllowSynchronousContinuations" } })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A type a field or property can hold a buffer in: a channel or one of the collections.</summary>
    public bool IsBufferType(ITypeSymbol? type) => IsChannel(type) || IsCollection(type);

    /// <summary>A <c>ChannelReader&lt;T&gt;</c>: reading it (or handing it on) never fills the buffer.</summary>
    public bool IsReader(ITypeSymbol? type) => SymbolFacts.Is(type, _reader) || type?.BaseType is { } baseType && SymbolFacts.Is(baseType, _reader);

    /// <summary>A <c>ChannelWriter&lt;T&gt;</c>: whoever holds it can fill the buffer.</summary>
    public bool IsWriter(ITypeSymbol? type) => SymbolFacts.Is(type, _writer) || type?.BaseType is { } baseType && SymbolFacts.Is(baseType, _writer);

    public bool IsChannel(ITypeSymbol? type) => SymbolFacts.Is(type, _channels[0]) || SymbolFacts.Is(type, _channels[1]);

    private bool IsCollection(ITypeSymbol? type)
    {
        foreach (var collection in _collections)
        {
            if (SymbolFacts.Is(type, collection))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasCapacity(IMethodSymbol constructor)
    {
        foreach (var parameter in constructor.Parameters)
        {
            if (parameter.Type.SpecialType == SpecialType.System_Int32)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A member that puts an item into the buffer (on the channel's writer or the collection).</summary>
    public static bool IsWrite(string name) => name is "TryWrite" or "WriteAsync" or "Add" or "TryAdd" or "Enqueue" or "Push" or "PushRange"
        or "AddLast" or "AddFirst" or "Insert" or "AddRange" or "InsertRange";

    /// <summary>A member that hands the stream one item after another whatever surrounds it.</summary>
    public static bool IsItemRead(string name) => name is "ReadAllAsync" or "ReadAsync" or "GetConsumingEnumerable" or "Take";

    /// <summary>A member that takes one item: a read item by item only in a loop that yields (otherwise a drain).</summary>
    public static bool IsTake(string name) => name is "TryRead" or "TryDequeue" or "TryTake" or "TryPop" or "Dequeue" or "Pop";

    /// <summary>Members whose result is the buffer's items as a sequence a <c>return</c> hands on.</summary>
    public static bool IsSequence(string name) => name is "ReadAllAsync" or "GetConsumingEnumerable";

    /// <summary>A name for the capacity constant: <c>_events</c> → <c>EventsCapacity</c>.</summary>
    public static string CapacityName(string holder)
    {
        var name = holder.StartsWith("s_", System.StringComparison.Ordinal) || holder.StartsWith("m_", System.StringComparison.Ordinal)
            || holder.StartsWith("t_", System.StringComparison.Ordinal)
            ? holder.Substring(2)
            : holder.TrimStart('_');
        return name.Length == 0 ? "BufferCapacity" : char.ToUpperInvariant(name[0]) + name.Substring(1) + "Capacity";
    }
}
