using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>How each kind of stream item becomes events: which formatter and which JSON type info.</summary>
public sealed class ItemKindSnapshotTests
{
    [Fact]
    public void JsonItems_AreSerializedWithTheContextsTypeInfo() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Items
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }
        }
        """]);

    [Fact]
    public void ValueTypeItems_AreSerializedAsJson() => GeneratedCode.Verify("""
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;
        using SseGen;

        namespace Demo;

        [JsonSerializable(typeof(int))]
        [JsonSerializable(typeof(int?))]
        internal sealed partial class NumbersJson : JsonSerializerContext;

        public static class Items
        {
            [SseEndpoint("/counter")]
            public static async IAsyncEnumerable<int> Counter([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return 1;
            }

            [SseEndpoint("/maybe")]
            public static async IAsyncEnumerable<int?> Maybe([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return null;
            }
        }
        """);

    [Fact]
    public void StringItems_AreWrittenAsTextWithoutJson() => GeneratedCode.Verify("""
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Items
        {
            [SseEndpoint("/lines")]
            public static async IAsyncEnumerable<string> Lines([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "line 1\nline 2";
            }
        }
        """);

    [Fact]
    public void SseItemOfT_WritesItsFieldsAndItsDataAsJson() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Net.ServerSentEvents;
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Items
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<SseItem<Quote>> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<Quote>(new Quote("MSFT", 1m), "quote") { EventId = "1", ReconnectionInterval = TimeSpan.FromSeconds(5) };
            }
        }
        """]);

    [Fact]
    public void SseItemOfString_WritesItsFieldsAndItsDataAsText() => GeneratedCode.Verify("""
        using System.Net.ServerSentEvents;
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Items
        {
            [SseEndpoint("/notes")]
            public static async IAsyncEnumerable<SseItem<string>> Notes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<string>("hello", "note") { EventId = "1" };
            }
        }
        """);

    [Fact]
    public void NullableAnnotatedItems_KeepTheirAnnotations() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Net.ServerSentEvents;
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        // A null item is a legitimate value: JSON "null", or an empty text event.
        public static class Items
        {
            [SseEndpoint("/maybe/quotes")]
            public static async IAsyncEnumerable<Quote?> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return null;
            }

            [SseEndpoint("/maybe/lines")]
            public static async IAsyncEnumerable<string?> Lines([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return null;
            }

            [SseEndpoint("/maybe/quote-items")]
            public static async IAsyncEnumerable<SseItem<Quote?>> QuoteItems([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<Quote?>(null, "gap");
            }

            [SseEndpoint("/maybe/line-items")]
            public static async IAsyncEnumerable<SseItem<string?>> LineItems([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<string?>(null, "gap");
            }
        }
        """]);
}
