using Microsoft.CodeAnalysis;

namespace SseGen.Generator.Diagnostics;

/// <summary>
/// Descriptors of the leak rules SSE001–SSE004 and the cost rules SSE005–SSE006: warnings in the
/// "Reliability" category, each with a page under <c>docs/rules</c> and, where the shape allows, a
/// code fix.
/// </summary>
internal static class LeakDescriptors
{
    private const string Category = "Reliability";

    public static readonly DiagnosticDescriptor MissingEnumeratorCancellation = new(
        DiagnosticIds.MissingEnumeratorCancellation,
        title: "SSE endpoint has no [EnumeratorCancellation] CancellationToken",
        messageFormat: "SSE endpoint '{0}' has no CancellationToken parameter marked [EnumeratorCancellation], so a client disconnect cannot stop it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The token marked [EnumeratorCancellation] is the one SseGen cancels when the client disconnects or the application stops. Without it the stream runs on after its client has gone.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MissingEnumeratorCancellation));

    /// <summary>
    /// SSE001 when a token parameter is there without the attribute: the same id, a message that is
    /// true for that case (the generated code does pass the request's token to the parameter).
    /// </summary>
    public static readonly DiagnosticDescriptor TokenWithoutEnumeratorCancellation = new(
        DiagnosticIds.MissingEnumeratorCancellation,
        title: "SSE endpoint has no [EnumeratorCancellation] CancellationToken",
        messageFormat: "'{0}' receives the request's token from SseGen, but without [EnumeratorCancellation] a token passed to the enumerator of SSE endpoint '{1}' (WithCancellation, GetAsyncEnumerator) never reaches it",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "SseGen passes the request's token to every CancellationToken parameter, so the endpoint stops on disconnect; but any other consumer's token (a test, a composed stream, WithCancellation) is ignored unless the parameter is marked [EnumeratorCancellation].",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MissingEnumeratorCancellation));

    public static readonly DiagnosticDescriptor TokenNotForwarded = new(
        DiagnosticIds.TokenNotForwarded,
        title: "Forward the endpoint's CancellationToken",
        messageFormat: "Forward '{0}' to '{1}' so that it stops when the client disconnects",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An awaited call or an awaited stream that accepts a CancellationToken, directly or through an overload, should receive the endpoint's token; otherwise it keeps waiting after the client has gone.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.TokenNotForwarded));

    public static readonly DiagnosticDescriptor UnreleasedResource = new(
        DiagnosticIds.UnreleasedResource,
        title: "Release resources of an SSE stream on every exit path",
        messageFormat: "{0} is not released on every exit path of SSE endpoint '{1}'; release it in a finally block or with using",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A stream ends when its client disconnects: the enumerator is disposed at its current yield and only finally blocks and using scopes run. A subscription, timer or registration released anywhere else outlives the connection.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnreleasedResource));

    public static readonly DiagnosticDescriptor UnobservedEndlessLoop = new(
        DiagnosticIds.UnobservedEndlessLoop,
        title: "Endless loop in an SSE stream never observes cancellation",
        messageFormat: "This loop has no exit and never observes '{0}', so it runs on after the client disconnects",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A loop without an exit condition must pass the endpoint's token to what it awaits or check it, otherwise it cannot stop when the client goes away.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnobservedEndlessLoop));

    public static readonly DiagnosticDescriptor UnboundedBuffer = new(
        DiagnosticIds.UnboundedBuffer,
        title: "Unbounded buffer between a source and an SSE stream",
        messageFormat: "{0} is unbounded and filled from {1}, which the stream of SSE endpoint '{2}' does not pace; a client that reads slower than the source grows it until the process runs out of memory",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A stream that takes items from a buffer that an event handler, a callback or a background loop fills has no backpressure: when the client reads slower than the source writes, the buffer grows without limit. The write timeout cannot help, because the stream itself is not stuck. Bound the buffer and choose what happens when it is full.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnboundedBuffer));

    public static readonly DiagnosticDescriptor BlockingCall = new(
        DiagnosticIds.BlockingCall,
        title: "Blocking call in an SSE stream",
        messageFormat: "'{0}' blocks a thread-pool thread for as long as it waits; {1}",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An SSE stream runs for as long as its client stays connected. A call that blocks inside it (Thread.Sleep, .Result, .Wait(), GetAwaiter().GetResult(), synchronous I/O) holds one thread-pool thread per stream; a thousand streams starve every request of the application. Await the asynchronous form with the endpoint's token instead.",
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.BlockingCall));
}
