namespace SseGen.Generator.Diagnostics;

/// <summary>
/// Keys (and their known values) of <see cref="Microsoft.CodeAnalysis.Diagnostic.Properties"/>
/// passed from the leak analyzers to their code fixes. The fixer validates each one before it
/// offers anything.
/// </summary>
internal static class DiagnosticProperties
{
    /// <summary>Which change the fix makes; one of the <c>Fix*</c> values below.</summary>
    public const string Fix = "SseGen.Fix";

    /// <summary>Name of the endpoint's <c>[EnumeratorCancellation]</c> token parameter.</summary>
    public const string TokenName = "SseGen.TokenName";

    /// <summary>Name of the callee's <c>CancellationToken</c> parameter, for a named argument.</summary>
    public const string ParameterName = "SseGen.ParameterName";

    /// <summary>Name of the local that holds a resource (SSE003).</summary>
    public const string LocalName = "SseGen.LocalName";

    // SSE001
    /// <summary>Add a new <c>[EnumeratorCancellation] CancellationToken</c> parameter.</summary>
    public const string FixAddParameter = "AddParameter";
    /// <summary>Add <c>[EnumeratorCancellation]</c> to the existing token parameter.</summary>
    public const string FixAddAttribute = "AddAttribute";

    // SSE002
    /// <summary>Replace a <c>default</c> / <c>CancellationToken.None</c> argument with the token.</summary>
    public const string FixReplaceArgument = "ReplaceArgument";
    /// <summary>Append the token as the last positional argument.</summary>
    public const string FixAppendArgument = "AppendArgument";
    /// <summary>Append the token as a named argument (<see cref="ParameterName"/>).</summary>
    public const string FixNamedArgument = "NamedArgument";
    /// <summary>Append <c>.WithCancellation(token)</c> to the stream of an <c>await foreach</c>.</summary>
    public const string FixWithCancellation = "WithCancellation";

    // SSE003
    /// <summary>Move the <c>-=</c> into a <c>finally</c> around the rest of the block.</summary>
    public const string FixUnsubscribeInFinally = "UnsubscribeInFinally";
    /// <summary>Turn the declaration into a <c>using</c> declaration.</summary>
    public const string FixUsingDeclaration = "UsingDeclaration";
    /// <summary>Turn the declaration into an <c>await using</c> declaration.</summary>
    public const string FixAwaitUsingDeclaration = "AwaitUsingDeclaration";

    // SSE005 (its keys and values go here)
    /// <summary>Replace <c>Channel.CreateUnbounded</c> with <c>Channel.CreateBounded</c> and a capacity constant.</summary>
    public const string FixBoundedChannel = "BoundedChannel";
    /// <summary>The <c>BoundedChannelFullMode</c> member the bounded channel gets; one of the <c>FullMode*</c> values below.</summary>
    public const string FullMode = "SseGen.FullMode";
    /// <summary>Drop the oldest item when full: a writer that cannot wait (an event handler, <c>TryWrite</c>) never blocks.</summary>
    public const string FullModeDropOldest = "DropOldest";
    /// <summary>Wait for room when full: every write is an awaited <c>WriteAsync</c>, so the source slows to the client's pace.</summary>
    public const string FullModeWait = "Wait";
    /// <summary>Preferred name of the capacity constant (from the channel's local or field); the fixer makes it unique.</summary>
    public const string CapacityName = "SseGen.CapacityName";

    // SSE004
    /// <summary>Insert <c>token.ThrowIfCancellationRequested();</c> at the top of the loop body.</summary>
    public const string FixThrowIfCancellationRequested = "ThrowIfCancellationRequested";

    // SSE006 (its keys and values go here)
    /// <summary>
    /// How the endpoint's token (<see cref="TokenName"/>) goes into the call that is awaited after the
    /// fix: <see cref="FixAppendArgument"/> or <see cref="FixNamedArgument"/> (<see cref="ParameterName"/>);
    /// absent when the fix passes no token.
    /// </summary>
    public const string TokenArgument = "SseGen.TokenArgument";
    /// <summary>Name of the asynchronous twin that replaces a blocking call (<c>ReadAllTextAsync</c>).</summary>
    public const string AsyncMethodName = "SseGen.AsyncMethodName";
    /// <summary><c>Thread.Sleep(x)</c> becomes <c>await Task.Delay(x, token)</c>.</summary>
    public const string FixAwaitDelay = "AwaitDelay";
    /// <summary><c>t.Result</c> becomes <c>(await t)</c>.</summary>
    public const string FixAwaitResult = "AwaitResult";
    /// <summary><c>t.Wait()</c> and <c>t.GetAwaiter().GetResult()</c> become <c>await t</c>.</summary>
    public const string FixAwaitTask = "AwaitTask";
    /// <summary><c>M(args)</c> becomes <c>await MAsync(args, token)</c> (<see cref="AsyncMethodName"/>).</summary>
    public const string FixAwaitAsyncOverload = "AwaitAsyncOverload";
}
