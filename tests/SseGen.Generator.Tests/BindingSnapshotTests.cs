using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>Where each parameter's value comes from, and how it is parsed, in the generated handler.</summary>
public sealed class BindingSnapshotTests
{
    [Fact]
    public void RouteValue_WithConstraint_IsParsed() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Orders
        {
            [SseEndpoint("/orders/{id:int:min(1)}/quotes/{symbol}")]
            public static async IAsyncEnumerable<Quote> Stream(int id, string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(id, cancellationToken);
                yield return new Quote(symbol, id);
            }
        }
        """]);

    [Fact]
    public void OptionalRouteValue_KeepsItsDefaultWhenAbsent() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Orders
        {
            [SseEndpoint("/orders/{id?}")]
            public static async IAsyncEnumerable<Quote> ById(int? id, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", id ?? 0);
            }

            [SseEndpoint("/symbols/{symbol?}")]
            public static async IAsyncEnumerable<Quote> BySymbol(string? symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote(symbol ?? "*", 1m);
            }
        }
        """]);

    [Fact]
    public void QueryValues_RequiredAndWithDefaultValues() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Search
        {
            [SseEndpoint("/search")]
            public static async IAsyncEnumerable<Quote> Stream(
                string term,
                int page = 1,
                string sort = "symbol",
                decimal minPrice = 0.1234567890123456789m,
                string? cursor = null,
                [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Delay(page, cancellationToken);
                yield return new Quote(term + sort + cursor, minPrice);
            }
        }
        """]);

    [Fact]
    public void QueryValue_NullableValueType_IsOptional() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class History
        {
            [SseEndpoint("/history")]
            public static async IAsyncEnumerable<Quote> Stream(int? limit, DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote(since?.ToString("O") ?? "*", limit ?? 0);
            }
        }
        """]);

    [Fact]
    public void Enum_IsParsedIgnoringCase() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public enum Side
        {
            Buy,
            Sell,
        }

        public static class Book
        {
            [SseEndpoint("/book/{side}")]
            public static async IAsyncEnumerable<Quote> Stream(Side side, Side? other, Side fallback = Side.Sell, [EnumeratorCancellation] CancellationToken cancellationToken = default)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote($"{side} {other} {fallback}", 1m);
            }
        }
        """]);

    [Fact]
    public void Guid_IsParsedAsIParsable() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Accounts
        {
            [SseEndpoint("/accounts/{id:guid}")]
            public static async IAsyncEnumerable<Quote> Stream(Guid id, Guid? session, DateOnly day, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote($"{id} {session} {day}", 1m);
            }
        }
        """]);

    [Fact]
    public void CustomType_WithStaticTryParse_IsParsedWithIt() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Diagnostics.CodeAnalysis;
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public readonly record struct Point(int X, int Y)
        {
            public static bool TryParse(string? value, out Point point)
            {
                point = default;
                if (value?.Split(',') is not [var x, var y] || !int.TryParse(x, out var px) || !int.TryParse(y, out var py))
                {
                    return false;
                }

                point = new Point(px, py);
                return true;
            }
        }

        public sealed class Region(string name)
        {
            public string Name { get; } = name;

            public static bool TryParse(string value, [NotNullWhen(true)] out Region? region)
            {
                region = value.Length > 0 ? new Region(value) : null;
                return region is not null;
            }
        }

        public static class Map
        {
            [SseEndpoint("/map/{at}")]
            public static async IAsyncEnumerable<Quote> Stream(Point at, Point? to, Region? region, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote($"{at} {to} {region?.Name}", 1m);
            }
        }
        """]);

    [Fact]
    public void FromRouteAndFromQuery_WithName_ReadThatName() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        public static class Tickers
        {
            [SseEndpoint("/tickers/{ticker}")]
            public static async IAsyncEnumerable<Quote> Stream(
                [FromRoute(Name = "ticker")] string symbol,
                [FromQuery(Name = "max-items")] int? maxItems,
                [FromQuery] string currency,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote(symbol + currency, maxItems ?? 0);
            }
        }
        """]);

    [Fact]
    public void FromHeader_LastEventId_ResumesTheStream() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        public static class Resumable
        {
            [SseEndpoint("/resumable/{symbol}")]
            public static async IAsyncEnumerable<Quote> Stream(
                string symbol,
                [FromHeader(Name = "Last-Event-ID")] string? lastEventId,
                [FromHeader(Name = "X-Tenant")] string tenant,
                [FromHeader(Name = "X-Sequence")] long? sequence,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote($"{symbol} {lastEventId} {tenant}", sequence ?? 0);
            }
        }
        """]);

    [Fact]
    public void Services_FromServicesAndInferred_AreRequiredAtStartup() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        public interface IClock
        {
            DateTimeOffset Now { get; }
        }

        public static class Feeds
        {
            [SseEndpoint("/explicit/{symbol}")]
            public static async IAsyncEnumerable<Quote> Explicit(
                string symbol,
                [FromServices] IQuoteFeed feed,
                [FromServices] IClock? clock,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                _ = clock?.Now;
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }

            // Not a simple type and not from the request: a service, as minimal APIs infer it.
            [SseEndpoint("/inferred/{symbol}")]
            public static async IAsyncEnumerable<Quote> Inferred(
                string symbol,
                IQuoteFeed feed,
                ILogger<IQuoteFeed> logger,
                IClock? clock,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                logger.LogInformation("{Symbol} at {Now}", symbol, clock?.Now);
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }
        }
        """]);

    [Fact]
    public void KeyedServices_AreResolvedByKey() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Feeds
        {
            [SseEndpoint("/keyed/{symbol}")]
            public static async IAsyncEnumerable<Quote> Stream(
                string symbol,
                [FromKeyedServices("primary")] IQuoteFeed feed,
                [FromKeyedServices("backup")] IQuoteFeed? backup,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var quote in (backup ?? feed).Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }
        }
        """]);

    [Fact]
    public void HttpContextRequestResponseAndUser_ComeFromTheContext() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using System.Security.Claims;
        using SseGen;

        namespace Demo;

        public static class Raw
        {
            [SseEndpoint("/raw")]
            public static async IAsyncEnumerable<Quote> Stream(
                HttpContext context,
                HttpRequest request,
                HttpResponse response,
                ClaimsPrincipal user,
                [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                response.Headers["X-Trace"] = context.TraceIdentifier;
                await Task.Delay(10, cancellationToken);
                yield return new Quote(request.Path + (user.Identity?.Name ?? "anonymous"), 1m);
            }
        }
        """]);

    [Fact]
    public void EnumeratorCancellationToken_FiresOnDisconnectAndShutdown() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Cancellable
        {
            // The token need not be the last parameter.
            [SseEndpoint("/cancellable/{symbol}")]
            public static async IAsyncEnumerable<Quote> Stream([EnumeratorCancellation] CancellationToken cancellationToken, string symbol, IQuoteFeed feed)
            {
                await foreach (var quote in feed.Subscribe(symbol, cancellationToken))
                {
                    yield return quote;
                }
            }
        }
        """]);
}
