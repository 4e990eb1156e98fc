namespace SseGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic id SseGen reports, in one place. Ids are stable: a rule's id never changes
/// meaning, and <c>AnalyzerReleases.*.md</c> records when each one shipped.
/// </summary>
internal static class DiagnosticIds
{
    // Leak rules (warnings): the stream keeps running or holding resources after its client left.

    /// <summary>The endpoint has no <c>[EnumeratorCancellation] CancellationToken</c> parameter.</summary>
    public const string MissingEnumeratorCancellation = "SSE001";

    /// <summary>An awaited call or stream that accepts a token is not given the endpoint's token.</summary>
    public const string TokenNotForwarded = "SSE002";

    /// <summary>A resource acquired in the stream is not released on every exit path.</summary>
    public const string UnreleasedResource = "SSE003";

    /// <summary>A loop with no exit that never observes cancellation.</summary>
    public const string UnobservedEndlessLoop = "SSE004";

    // Cost rules (warnings, the same family): the stream's shape costs the server memory or threads.

    /// <summary>An unbounded buffer between a source the stream does not control and the stream.</summary>
    public const string UnboundedBuffer = "SSE005";

    /// <summary>A call that blocks a thread-pool thread inside a stream.</summary>
    public const string BlockingCall = "SSE006";

    // Usage rules (errors): the generator cannot map the method as written.

    /// <summary>The method does not return <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    public const string NotAsyncEnumerable = "SSE101";

    /// <summary>The item type is listed in no <c>JsonSerializerContext</c>.</summary>
    public const string ItemTypeNotSerializable = "SSE102";

    /// <summary>A parameter cannot be bound from the request or from DI.</summary>
    public const string UnbindableParameter = "SSE103";

    /// <summary>A route parameter has no matching method parameter.</summary>
    public const string RouteParameterWithoutMethodParameter = "SSE104";

    /// <summary>Two endpoints map the same route.</summary>
    public const string DuplicateRoute = "SSE105";

    /// <summary>The method or its containing type is generic or inaccessible.</summary>
    public const string GenericOrInaccessible = "SSE106";

    /// <summary>An instance method whose class DI cannot construct.</summary>
    public const string UnconstructibleInstance = "SSE107";

    /// <summary>The item type is in several <c>JsonSerializerContext</c>s and none was chosen.</summary>
    public const string AmbiguousJsonContext = "SSE108";

    /// <summary>The route pattern or the event name is invalid.</summary>
    public const string InvalidRouteOrEventName = "SSE109";

    /// <summary>An application has <c>[SseEndpoint]</c> methods and never calls its mapping method.</summary>
    public const string EndpointsNeverMapped = "SSE110";

    /// <summary>An endpoint metadata attribute (its class, constructor or an argument) that generated code cannot write.</summary>
    public const string UnwritableMetadata = "SSE111";

    private const string HelpLinkFormat = "https://github.com/ssegen/ssegen/blob/main/docs/rules/{0}.md";

    /// <summary>The help link of a rule: its page under <c>docs/rules</c>.</summary>
    /// <param name="id">A diagnostic id such as <c>SSE002</c>.</param>
    public static string HelpLink(string id) => string.Format(System.Globalization.CultureInfo.InvariantCulture, HelpLinkFormat, id);
}
