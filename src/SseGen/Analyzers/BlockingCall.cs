using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Analyzers;

/// <summary>One blocking call SSE006 found: what it is, how the message names it, and what its awaited form needs.</summary>
internal sealed class BlockingCall
{
    public BlockingCall(BlockingCallKind kind, string display, string advice, IOperation? task = null, IMethodSymbol? asyncTwin = null)
    {
        Kind = kind;
        Display = display;
        Advice = advice;
        Task = task;
        AsyncTwin = asyncTwin;
    }

    public BlockingCallKind Kind { get; }

    /// <summary>The call as the message names it: <c>Thread.Sleep</c>, <c>.Result</c>, <c>File.ReadAllText</c>.</summary>
    public string Display { get; }

    /// <summary>What to do instead, the message's second half.</summary>
    public string Advice { get; }

    /// <summary>The task waited for (<c>t</c> in <c>t.Result</c>, <c>t.Wait()</c>, <c>t.GetAwaiter().GetResult()</c>), or null.</summary>
    public IOperation? Task { get; }

    /// <summary>The <c>MAsync</c> that replaces <c>M</c>, for <see cref="BlockingCallKind.AsyncTwin"/>.</summary>
    public IMethodSymbol? AsyncTwin { get; }
}
