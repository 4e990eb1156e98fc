using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Analyzers;

/// <summary>
/// What SSE005 learned about one buffer while walking the code that touches it: where it is filled
/// from that the stream does not control, whether every write could wait, and where the stream reads
/// it item by item.
/// </summary>
internal sealed class BufferFacts
{
    private readonly System.Collections.Generic.HashSet<ISymbol> _visitedLocals = new(SymbolEqualityComparer.Default);

    /// <summary>Where the buffer is filled from outside the stream's control (the message's <c>{1}</c>), or null.</summary>
    public string? Source { get; private set; }

    /// <summary>Whether every write seen is an awaited <c>WriteAsync</c> (and none is out of sight), so a bounded channel may make the writer wait.</summary>
    public bool WritersCanWait { get; private set; } = true;

    /// <summary>The first place the stream reads the buffer item by item, or null.</summary>
    public IOperation? FirstItemRead { get; private set; }

    /// <summary>Whether the code that created the buffer returns it (or its reader, or its items as a sequence).</summary>
    public bool Returned { get; set; }

    /// <summary>Starts from what a callee that returned the buffer already knew about it.</summary>
    public static BufferFacts FilledFrom(string source)
    {
        var facts = new BufferFacts();
        facts.Write(source, awaitedWriteAsync: false);
        return facts;
    }

    /// <summary>A write; <paramref name="source"/> is null when the stream controls it.</summary>
    public void Write(string? source, bool awaitedWriteAsync)
    {
        Source ??= source;
        WritersCanWait &= awaitedWriteAsync;
    }

    public void ItemRead(IOperation read) => FirstItemRead ??= read;

    /// <summary>Marks a local (an alias of the buffer) as walked; false when it already was.</summary>
    public bool Visit(ISymbol local) => _visitedLocals.Add(local);
}
