using System;

namespace SseGen;

/// <summary>
/// Marks a method returning <see cref="System.Collections.Generic.IAsyncEnumerable{T}"/> as a
/// Server-Sent Events endpoint. The SseGen source generator maps it in the generated
/// <c>MapSseEndpoints()</c> extension, binds its parameters at compile time and streams each item
/// as one SSE event.
/// </summary>
/// <example>
/// <code>
/// [SseEndpoint("/quotes/{symbol}")]
/// public static async IAsyncEnumerable&lt;Quote&gt; Stream(string symbol, IQuoteFeed feed,
///     [EnumeratorCancellation] CancellationToken cancellationToken)
/// {
///     await foreach (var q in feed.Subscribe(symbol, cancellationToken))
///         yield return q;
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class SseEndpointAttribute : Attribute
{
    /// <summary>Creates the attribute for the given route pattern.</summary>
    /// <param name="pattern">The route pattern, as for <c>MapGet</c> (for example <c>"/quotes/{symbol}"</c>).</param>
    public SseEndpointAttribute(string pattern) => Pattern = pattern;

    /// <summary>The route pattern of the endpoint.</summary>
    public string Pattern { get; }

    /// <summary>
    /// The <c>event:</c> name written for plain items (a <c>T</c> or a <see cref="string"/>).
    /// <see langword="null"/> (the default) writes no <c>event:</c> line, which browsers receive as
    /// <c>message</c>. Items of type <c>SseItem&lt;T&gt;</c> carry their own event type.
    /// </summary>
    public string? EventName { get; set; }

    /// <summary>
    /// The <c>JsonSerializerContext</c> type whose metadata serializes the items, needed only when
    /// several contexts of the assembly list the item type.
    /// </summary>
    public Type? JsonContext { get; set; }
}
