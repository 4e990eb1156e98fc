using System;
using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SseGen.Generator.Parsing;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// SSE006's question about one call or <c>.Result</c>: does it block a thread until something else
/// finishes? The known blocking members (sleeps, waits on tasks and handles, synchronous file,
/// stream, reader, writer and HTTP I/O) and CA1849's rule (an <c>MAsync</c> twin with the same
/// parameters, optionally plus a token), with the twin lookup cached per compilation.
/// </summary>
internal sealed class BlockingCalls
{
    private const string AwaitTheTask = "await the task";

    private readonly Compilation _compilation;
    private readonly SseEndpointSymbols _symbols;
    private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol?> _twins = new(SymbolEqualityComparer.Default);
    private readonly Func<IMethodSymbol, IMethodSymbol?> _findTwin;
    private readonly INamedTypeSymbol? _thread, _spinWait, _task, _taskOfT, _valueTask, _valueTaskOfT, _waitHandle, _file, _stream, _textReader,
        _textWriter, _streamWriter, _httpClient, _memoryStream, _stringReader, _stringWriter, _stringBuilder, _cancellationTokenSource, _blockingCollection;

    private BlockingCalls(Compilation compilation, SseEndpointSymbols symbols)
    {
        _compilation = compilation;
        _symbols = symbols;
        _findTwin = FindTwin;
        _thread = compilation.GetTypeByMetadataName("System.Threading.Thread");
        _spinWait = compilation.GetTypeByMetadataName("System.Threading.SpinWait");
        _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        _taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        _valueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        _valueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        _waitHandle = compilation.GetTypeByMetadataName("System.Threading.WaitHandle");
        _file = compilation.GetTypeByMetadataName("System.IO.File");
        _stream = compilation.GetTypeByMetadataName("System.IO.Stream");
        _textReader = compilation.GetTypeByMetadataName("System.IO.TextReader");
        _textWriter = compilation.GetTypeByMetadataName("System.IO.TextWriter");
        _streamWriter = compilation.GetTypeByMetadataName("System.IO.StreamWriter");
        _httpClient = compilation.GetTypeByMetadataName("System.Net.Http.HttpClient");
        _memoryStream = compilation.GetTypeByMetadataName("System.IO.MemoryStream");
        _stringReader = compilation.GetTypeByMetadataName("System.IO.StringReader");
        _stringWriter = compilation.GetTypeByMetadataName("System.IO.StringWriter");
        _stringBuilder = compilation.GetTypeByMetadataName("System.Text.StringBuilder");
        _cancellationTokenSource = compilation.GetTypeByMetadataName("System.Threading.CancellationTokenSource");
        _blockingCollection = compilation.GetTypeByMetadataName("System.Collections.Concurrent.BlockingCollection`1");
    }

    public static BlockingCalls Create(Compilation compilation, SseEndpointSymbols symbols) => new(compilation, symbols);

    /// <summary>The blocking call <paramref name="invocation"/> is, or null when it does not block.</summary>
    public BlockingCall? Find(IInvocationOperation invocation, bool endpointHasToken)
    {
        var method = invocation.TargetMethod;
        var type = method.ContainingType;
        if (HasZeroTimeout(invocation))
        {
            // WaitOne(0), gate.Wait(0): a poll that returns at once.
            return null;
        }

        switch (method.Name)
        {
            case "Sleep" when SymbolFacts.Is(type, _thread):
                return new BlockingCall(BlockingCallKind.Sleep, "Thread.Sleep", endpointHasToken ? "await Task.Delay with the endpoint's token" : "await Task.Delay");
            case "SpinUntil" when SymbolFacts.Is(type, _spinWait):
                return new BlockingCall(BlockingCallKind.Other, "SpinWait.SpinUntil", "await a signal (a TaskCompletionSource, a channel) instead of spinning");
            case "Wait" when !method.IsStatic && SymbolFacts.Is(type, _task):
                return new BlockingCall(invocation.Arguments.Length == 0 ? BlockingCallKind.WaitForTask : BlockingCallKind.Other, ".Wait()", AwaitTheTask, invocation.Instance);
            case "WaitAll" when SymbolFacts.Is(type, _task):
                return new BlockingCall(BlockingCallKind.Other, "Task.WaitAll", "await Task.WhenAll");
            case "WaitAny" when SymbolFacts.Is(type, _task):
                return new BlockingCall(BlockingCallKind.Other, "Task.WaitAny", "await Task.WhenAny");
            case "GetResult" when invocation.Instance is IInvocationOperation { TargetMethod.Name: "GetAwaiter", Instance: { } awaited } && IsAwaitable(awaited.Type):
                return new BlockingCall(BlockingCallKind.WaitForTask, ".GetAwaiter().GetResult()", AwaitTheTask, awaited);
            case "WaitOne" or "WaitAll" or "WaitAny" when DerivesFrom(type, _waitHandle):
                return new BlockingCall(BlockingCallKind.Other, type.Name + "." + method.Name, "await a signal instead (SemaphoreSlim.WaitAsync, a TaskCompletionSource)");
            case "Take" or "GetConsumingEnumerable" when SymbolFacts.Is(type, _blockingCollection):
                // The consuming enumerable blocks inside every MoveNext until an item comes.
                return new BlockingCall(BlockingCallKind.Other, "BlockingCollection." + method.Name, "read a Channel<T> with ReadAllAsync and the endpoint's token instead");
            case "Dispose" or "Close":
                // Disposal is cleanup that must happen; its DisposeAsync twin is SSE003's business, not a blocked stream.
                return null;
        }

        if (SymbolFacts.Is(type, _cancellationTokenSource))
        {
            return null;
        }

        var known = IsKnownBlockingIO(method, invocation.Instance, out var textWriter);
        if (textWriter && !known)
        {
            // A writer that is not known to sit on a stream (StringWriter, Console.Out, a caller's TextWriter) is left alone.
            return null;
        }

        var twin = _twins.GetOrAdd(method.OriginalDefinition, _findTwin);

        // Last, because it may search the endpoint for a local's initializer: most calls are not candidates at all.
        if (!known && twin is null || IsInMemory(invocation.Instance))
        {
            return null;
        }

        var display = type.Name + "." + method.Name;
        if (twin is not null)
        {
            var withToken = endpointHasToken && TakesToken(twin) ? " with the endpoint's token" : string.Empty;
            return new BlockingCall(BlockingCallKind.AsyncTwin, display, "await " + type.Name + "." + twin.Name + withToken, asyncTwin: twin);
        }

        return known ? new BlockingCall(BlockingCallKind.Other, display, "await " + display + "Async") : null;
    }

    /// <summary>The blocking <c>.Result</c> <paramref name="reference"/> is, or null when it is another property.</summary>
    public BlockingCall? FindResult(IPropertyReferenceOperation reference) =>
        reference.Property.Name == "Result" && reference.Instance is { } instance
            && (SymbolFacts.Is(reference.Property.ContainingType, _taskOfT) || SymbolFacts.Is(reference.Property.ContainingType, _valueTaskOfT))
            ? new BlockingCall(BlockingCallKind.Result, ".Result", AwaitTheTask, instance)
            : null;

    private static bool HasZeroTimeout(IInvocationOperation invocation)
    {
        foreach (var argument in invocation.Arguments)
        {
            var value = SseEndpointSymbols.WalkDownConversions(argument.Value);
            switch (argument.Parameter?.Name)
            {
                case "millisecondsTimeout" when value.ConstantValue is { HasValue: true, Value: 0 }:
                case "timeout" when value is IFieldReferenceOperation { Field: { Name: "Zero", ContainingType.Name: "TimeSpan" } }:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether the trailing parameter of <paramref name="method"/> is a <c>CancellationToken</c>.</summary>
    public bool TakesToken(IMethodSymbol method) =>
        method.Parameters.Length > 0 && _symbols.IsCancellationToken(method.Parameters[method.Parameters.Length - 1].Type);

    /// <summary>
    /// The members the spec names even where no same-shaped twin exists (<c>Stream.Read(Span&lt;byte&gt;)</c>):
    /// <c>File</c>'s whole-file reads and writes, a stream's reads, writes, copies and flushes, a reader's
    /// lines, a stream-backed writer's writes and <c>HttpClient.Send</c>. <paramref name="textWriter"/>
    /// says the call is a writer's write, which is blocking I/O only on a stream-backed writer.
    /// </summary>
    private bool IsKnownBlockingIO(IMethodSymbol method, IOperation? instance, out bool textWriter)
    {
        textWriter = false;
        var type = method.ContainingType;
        switch (method.Name)
        {
            case "ReadAllText" or "ReadAllBytes" or "ReadAllLines" or "ReadLines" or "WriteAllText" or "WriteAllBytes" or "WriteAllLines" or "AppendAllText" or "AppendAllLines":
                return SymbolFacts.Is(type, _file);
            case "Read" or "Write" or "CopyTo" or "Flush" when DerivesFrom(type, _stream):
                return true;
            case "ReadLine" or "ReadToEnd" when DerivesFrom(type, _textReader):
                return true;
            case "Write" or "WriteLine" or "Flush" when DerivesFrom(type, _textWriter):
                textWriter = true;
                return DerivesFrom(KnownType(instance), _streamWriter);
            case "Send":
                return SymbolFacts.Is(type, _httpClient);
            default:
                return false;
        }
    }

    /// <summary>Whether the receiver is an in-memory stream, reader, writer or builder: its "I/O" never waits.</summary>
    private bool IsInMemory(IOperation? instance)
    {
        if (instance is null)
        {
            return false;
        }

        var type = KnownType(instance);
        return DerivesFrom(type, _memoryStream) || DerivesFrom(type, _stringReader) || DerivesFrom(type, _stringWriter) || SymbolFacts.Is(type, _stringBuilder);
    }

    /// <summary>The receiver's type as precisely as the method says: a local's declared <c>Stream</c> is the <c>MemoryStream</c> it was created as.</summary>
    private static ITypeSymbol? KnownType(IOperation? instance)
    {
        instance = instance is null ? null : SseEndpointSymbols.WalkDownConversions(instance);
        if (instance is ILocalReferenceOperation local && OperationTrees.InitialValue(instance, local.Local) is { } value)
        {
            return SseEndpointSymbols.WalkDownConversions(value).Type ?? local.Type;
        }

        return instance?.Type;
    }

    private bool IsAwaitable(ITypeSymbol? type) =>
        SymbolFacts.Is(type, _task) || SymbolFacts.Is(type, _taskOfT) || SymbolFacts.Is(type, _valueTask) || SymbolFacts.Is(type, _valueTaskOfT)
        || type is { Name: "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable", ContainingNamespace: { Name: "CompilerServices" } };

    private static bool DerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null && baseType is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// CA1849's rule: <c>MAsync</c> on the method's type or a base type, as static as <c>M</c>, with
    /// <c>M</c>'s parameters (optionally plus a trailing <c>CancellationToken</c>, preferred, so the
    /// fix can pass the token) and returning <c>Task</c>/<c>ValueTask</c> of <c>M</c>'s result.
    /// </summary>
    private IMethodSymbol? FindTwin(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.Name.EndsWith("Async", StringComparison.Ordinal) || IsAwaitable(method.ReturnType))
        {
            return null;
        }

        IMethodSymbol? withoutToken = null;
        var name = method.Name + "Async";
        for (var type = method.ContainingType; type is not null; type = type.BaseType)
        {
            foreach (var member in type.GetMembers(name))
            {
                if (member is not IMethodSymbol candidate || candidate.IsStatic != method.IsStatic || candidate.TypeParameters.Length != method.TypeParameters.Length
                    || candidate.Parameters.Length - method.Parameters.Length is not (0 or 1)
                    || !_compilation.IsSymbolAccessibleWithin(candidate, _compilation.Assembly))
                {
                    continue;
                }

                var shaped = candidate.TypeParameters.Length > 0 ? candidate.Construct([.. method.TypeParameters]) : candidate;
                var withToken = shaped.Parameters.Length > method.Parameters.Length;
                if ((withToken && !TakesToken(shaped)) || !SameParameters(method, shaped) || !ReturnsAwaitableOf(shaped, method))
                {
                    continue;
                }

                if (withToken)
                {
                    return candidate;
                }

                withoutToken ??= candidate;
            }
        }

        return withoutToken;
    }

    private static bool SameParameters(IMethodSymbol method, IMethodSymbol twin)
    {
        for (var i = 0; i < method.Parameters.Length; i++)
        {
            if (!SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, twin.Parameters[i].Type) || method.Parameters[i].RefKind != twin.Parameters[i].RefKind)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>Task</c>/<c>ValueTask</c> for a <c>void</c> method, <c>Task&lt;R&gt;</c>/<c>ValueTask&lt;R&gt;</c> for one that returns <c>R</c>: awaiting it gives the same value.</summary>
    private bool ReturnsAwaitableOf(IMethodSymbol twin, IMethodSymbol method)
    {
        if (method.ReturnsVoid)
        {
            return SymbolFacts.Is(twin.ReturnType, _task) || SymbolFacts.Is(twin.ReturnType, _valueTask);
        }

        return (SymbolFacts.Is(twin.ReturnType, _taskOfT) || SymbolFacts.Is(twin.ReturnType, _valueTaskOfT))
            && twin.ReturnType is INamedTypeSymbol { TypeArguments: [var result] }
            && SymbolEqualityComparer.Default.Equals(result, method.ReturnType);
    }
}
