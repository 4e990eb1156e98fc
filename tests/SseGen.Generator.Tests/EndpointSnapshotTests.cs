using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>The shape of the generated code for each kind of endpoint and for the attribute's options.</summary>
public sealed class EndpointSnapshotTests
{
    [Fact]
    public void StaticEndpoint_IsCalledDirectly() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class QuoteEndpoints
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }
        }
        """]);

    [Fact]
    public void InstanceEndpoint_IsConstructedPerRequestFromServices() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.Extensions.DependencyInjection;
        using SseGen;

        namespace Demo;

        public sealed class QuoteStream
        {
            private readonly IQuoteFeed _feed;
            private readonly TimeProvider _time;

            public QuoteStream(IQuoteFeed feed) : this(feed, TimeProvider.System, null)
            {
            }

            // Chosen although another constructor exists: the attribute says so, as for ActivatorUtilities.
            [ActivatorUtilitiesConstructor]
            public QuoteStream(IQuoteFeed feed, TimeProvider time, ILogger<QuoteStream>? logger)
            {
                _feed = feed;
                _time = time;
                logger?.LogDebug("created");
            }

            [SseEndpoint("/quotes/{symbol}")]
            public async IAsyncEnumerable<Quote> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, cancellationToken);
                await foreach (var quote in _feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }
        }
        """]);

    [Fact]
    public void InstanceEndpoint_Disposable_IsDisposedAfterTheStream() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public sealed class QuoteSubscription(IQuoteFeed feed) : IDisposable
        {
            private readonly CancellationTokenSource _stop = new();

            [SseEndpoint("/quotes/{symbol}")]
            public async IAsyncEnumerable<Quote> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
                await foreach (var quote in feed.Subscribe(symbol, linked.Token))
                {
                    yield return quote;
                }
            }

            public void Dispose() => _stop.Dispose();
        }
        """]);

    [Fact]
    public void InstanceEndpoint_AsyncDisposable_IsDisposedAsynchronously() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        // Both interfaces: DisposeAsync wins, as `await using` would choose.
        public sealed class QuoteSubscription(IQuoteFeed feed) : IAsyncDisposable, IDisposable
        {
            [SseEndpoint("/quotes/{symbol}")]
            public async IAsyncEnumerable<Quote> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;

            public void Dispose()
            {
            }
        }
        """]);

    [Fact]
    public void InstanceEndpoint_ExplicitlyImplementedDispose_IsStillCalled() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public sealed class SyncSubscription(IQuoteFeed feed) : IDisposable
        {
            [SseEndpoint("/sync/{symbol}")]
            public async IAsyncEnumerable<Quote> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }

            void IDisposable.Dispose()
            {
            }
        }

        public sealed class AsyncSubscription(IQuoteFeed feed) : IAsyncDisposable
        {
            [SseEndpoint("/async/{symbol}")]
            public async IAsyncEnumerable<Quote> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }

            ValueTask IAsyncDisposable.DisposeAsync() => ValueTask.CompletedTask;
        }
        """]);

    [Fact]
    public void NoEndpoints_StillDefinesMapSseEndpoints() => GeneratedCode.Verify([Inputs.Quotes, """
        namespace Demo;

        public static class Startup
        {
            // An app can call MapSseEndpoints() before it declares its first endpoint.
            public static void Configure(WebApplication app) => app.MapSseEndpoints();
        }
        """]);

    [Fact]
    public void EventName_IsTheEventOfEveryPlainItem() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Named
        {
            [SseEndpoint("/quotes", EventName = "quote")]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }

            // Quotes and backslashes in the name survive as a C# literal.
            [SseEndpoint("/log", EventName = "log \"line\" \\ 1")]
            public static async IAsyncEnumerable<string> Log([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "started";
            }
        }
        """]);

    [Fact]
    public void JsonContext_PicksOneOfSeveralContextsListingThePayload() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Net.ServerSentEvents;
        using System.Text.Json;
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;
        using SseGen;

        namespace Demo;

        // AppJson lists Quote too: without JsonContext the choice would be ambiguous.
        [JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
        [JsonSerializable(typeof(Quote))]
        internal sealed partial class PublicApiJson : JsonSerializerContext;

        public static class Feeds
        {
            [SseEndpoint("/public/quotes", JsonContext = typeof(PublicApiJson))]
            public static async IAsyncEnumerable<Quote> Public([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }

            [SseEndpoint("/internal/quotes", JsonContext = typeof(AppJson))]
            public static async IAsyncEnumerable<SseItem<Quote>> Internal([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new SseItem<Quote>(new Quote("MSFT", 1m), "quote");
            }
        }
        """]);

    [Fact]
    public void SeveralEndpoints_AreMappedInRouteOrderAndShareOneOptionsPerContext() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using System.Text.Json.Serialization;
        using SseGen;

        namespace Demo;

        public sealed record Trade(string Symbol, int Quantity);

        [JsonSerializable(typeof(Trade))]
        internal sealed partial class TradeJson : JsonSerializerContext;

        // Declared out of route order, across two classes and two contexts.
        public static class Trades
        {
            [SseEndpoint("/trades")]
            public static async IAsyncEnumerable<Trade> All([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Trade("MSFT", 10);
            }

            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<string> Clock(TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                yield return time.GetUtcNow().ToString("O");
            }
        }

        public static class Quotes
        {
            [SseEndpoint("/quotes/{symbol}")]
            public static IAsyncEnumerable<Quote> BySymbol(string symbol, IQuoteFeed feed, CancellationToken cancellationToken) =>
                feed.Subscribe(symbol, cancellationToken);

            [SseEndpoint("/quotes")]
            public static IAsyncEnumerable<Quote> All(IQuoteFeed feed, CancellationToken cancellationToken) =>
                feed.Subscribe("*", cancellationToken);
        }
        """]);
}
