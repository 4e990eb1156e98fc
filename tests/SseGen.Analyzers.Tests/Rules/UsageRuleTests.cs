using System.Linq;
using System.Threading.Tasks;
using SseGen.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE101–SSE109 and SSE111: each usage error is reported where the user can fix it, the generator maps
/// nothing for that method, and the same method written correctly is mapped with no error.
/// </summary>
public sealed class UsageRuleTests
{
    // A context written out by hand: the test harness runs no System.Text.Json generator.
    private const string Prelude = """
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Text.Json;
        using System.Text.Json.Serialization;
        using System.Text.Json.Serialization.Metadata;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        public sealed record Quote(string Symbol, decimal Price);
        public sealed record Other(int Value);

        [JsonSerializable(typeof(Quote))]
        internal sealed class AppJson : JsonSerializerContext
        {
            public static AppJson Default { get; } = new();
            public AppJson() : base(null) { }
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        """;

    private static async Task AssertReportedAndSkipped(string body, string method)
    {
        var source = Prelude + body;
        await UsageVerifier.VerifyAsync(source);
        AssertSkipped(UsageVerifier.Generate(source), method);
    }

    /// <summary>The method is not mapped, and mapping fails at startup naming it (even with the analyzer off).</summary>
    private static void AssertSkipped(string generated, string method)
    {
        Assert.DoesNotContain("SseEndpoint_" + method.Replace('.', '_'), generated);
        Assert.Contains($"\"{method}: SSE1", generated);
    }

    private static async Task AssertCleanAndMapped(string body, string method, params string[] expectedInGenerated)
    {
        var source = Prelude + body;
        await UsageVerifier.VerifyAsync(source);
        var generated = UsageVerifier.Generate(source);
        Assert.Contains("SseEndpoint_" + method.Replace('.', '_'), generated);
        Assert.DoesNotContain("ThrowUnmapped", generated);
        foreach (var expected in expectedInGenerated)
        {
            Assert.Contains(expected, generated);
        }
    }

    [Fact]
    public Task SSE101_flags_a_method_that_does_not_return_IAsyncEnumerable() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/quotes")]
            public static Task<List<Quote>> {|SSE101:Quotes|}() => Task.FromResult(new List<Quote>());
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE101_accepts_an_async_stream() => AssertCleanAndMapped("""
        public static class Endpoints
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote("A", 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE102_flags_an_item_type_in_no_context() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/others")]
            public static async IAsyncEnumerable<Other> {|SSE102:Others|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Other(1);
            }
        }
        """, "Endpoints.Others");

    [Fact]
    public Task SSE102_flags_a_chosen_context_that_does_not_list_the_type() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/others", JsonContext = typeof(AppJson))]
            public static async IAsyncEnumerable<SseItem<Other>> {|SSE102:Others|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new SseItem<Other>(new Other(1));
            }
        }
        """.Replace("SseItem<", "System.Net.ServerSentEvents.SseItem<"), "Endpoints.Others");

    [Fact]
    public Task SSE102_needs_no_context_for_text_items() => AssertCleanAndMapped("""
        public static class Endpoints
        {
            [SseEndpoint("/text")]
            public static async IAsyncEnumerable<string> Text([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "hello";
            }
        }
        """, "Endpoints.Text");

    [Fact]
    public Task SSE103_flags_a_body_parameter() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> Quotes([FromBody] Quote {|SSE103:filter|}, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return filter;
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE103_flags_a_query_type_without_TryParse() => AssertReportedAndSkipped("""
        public sealed class Filter { }

        public static class Endpoints
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> Quotes([FromQuery] Filter {|SSE103:filter|}, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote("A", 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE103_accepts_route_query_header_and_service_parameters() => AssertCleanAndMapped("""
        public interface IFeed { }

        public static class Endpoints
        {
            [SseEndpoint("/quotes/{symbol}")]
            public static async IAsyncEnumerable<Quote> Quotes(
                string symbol, int? depth, [FromHeader(Name = "Last-Event-ID")] string? lastId, IFeed feed, HttpContext context,
                [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote(symbol, depth ?? 0);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE104_flags_a_route_parameter_with_no_method_parameter() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [{|SSE104:SseEndpoint("/quotes/{symbol}")|}]
            public static async IAsyncEnumerable<Quote> Quotes(string ticker, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote(ticker, 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE104_accepts_a_renamed_route_parameter() => AssertCleanAndMapped("""
        public static class Endpoints
        {
            [SseEndpoint("/quotes/{symbol}")]
            public static async IAsyncEnumerable<Quote> Quotes([FromRoute(Name = "symbol")] string ticker, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote(ticker, 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public async Task SSE105_flags_both_endpoints_of_a_duplicate_route()
    {
        var source = Prelude + """
            public static class Endpoints
            {
                [{|SSE105:SseEndpoint("/news/{id}")|}]
                public static async IAsyncEnumerable<string> A(string id, [EnumeratorCancellation] CancellationToken token)
                {
                    await Task.Yield();
                    yield return id;
                }

                [{|SSE105:SseEndpoint("/NEWS/{key}/")|}]
                public static async IAsyncEnumerable<string> B(string key, [EnumeratorCancellation] CancellationToken token)
                {
                    await Task.Yield();
                    yield return key;
                }
            }
            """;
        await UsageVerifier.VerifyAsync(source);
        var generated = UsageVerifier.Generate(source);
        AssertSkipped(generated, "Endpoints.A");
        AssertSkipped(generated, "Endpoints.B");

        // Each message names the other method, so the user finds the pair.
        var messages = (await UsageVerifier.AnalyzeAsync(source)).Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(
            [
                "'Endpoints.A' maps the route \"/news/{id}\", which 'Endpoints.B' maps too (\"/NEWS/{key}/\"); routing could not choose between them",
                "'Endpoints.B' maps the route \"/NEWS/{key}/\", which 'Endpoints.A' maps too (\"/news/{id}\"); routing could not choose between them",
            ],
            messages);
    }

    [Theory]
    [InlineData("/items/{id:int}", "/items/{slug:alpha}")]
    [InlineData("/files/{*id}", "/files/{id}")]
    public Task SSE105_accepts_routes_that_routing_tells_apart(string first, string second) => AssertCleanAndMapped($$"""
        public static class Endpoints
        {
            [SseEndpoint("{{first}}")]
            public static async IAsyncEnumerable<string> A(string id, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return id;
            }

            [SseEndpoint("{{second}}")]
            public static async IAsyncEnumerable<string> B(string {{(second.Contains("slug") ? "slug" : "id")}}, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "b";
            }
        }
        """, "Endpoints.A");

    [Fact]
    public Task SSE105_accepts_distinct_routes() => AssertCleanAndMapped("""
        public static class Endpoints
        {
            [SseEndpoint("/news/{id}")]
            public static async IAsyncEnumerable<string> A(string id, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return id;
            }

            [SseEndpoint("/news/{id}/live")]
            public static async IAsyncEnumerable<string> B(string id, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return id;
            }
        }
        """, "Endpoints.B");

    [Fact]
    public Task SSE106_flags_a_private_method() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/secret")]
            private static async IAsyncEnumerable<string> {|SSE106:Secret|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Secret");

    [Fact]
    public Task SSE106_flags_a_generic_method() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [SseEndpoint("/any")]
            public static async IAsyncEnumerable<string> {|SSE106:Any|}<T>([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return typeof(T).Name;
            }
        }
        """, "Endpoints.Any");

    [Fact]
    public Task SSE106_accepts_an_internal_method_of_an_internal_class() => AssertCleanAndMapped("""
        internal static class Endpoints
        {
            [SseEndpoint("/inside")]
            internal static async IAsyncEnumerable<string> Inside([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Inside");

    [Fact]
    public Task SSE107_flags_a_class_with_two_equally_long_constructors() => AssertReportedAndSkipped("""
        public interface IClock { }
        public interface IBus { }

        public sealed class Feeds
        {
            public Feeds(IClock clock) { }
            public Feeds(IBus bus) { }

            [SseEndpoint("/feed")]
            public async IAsyncEnumerable<string> {|SSE107:Feed|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Feeds.Feed");

    [Fact]
    public Task SSE107_flags_an_abstract_class() => AssertReportedAndSkipped("""
        public abstract class Feeds
        {
            [SseEndpoint("/feed")]
            public async IAsyncEnumerable<string> {|SSE107:Feed|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Feeds.Feed");

    [Fact]
    public Task SSE107_accepts_a_class_with_one_constructor() => AssertCleanAndMapped("""
        public interface IClock { }

        public sealed class Feeds(IClock clock)
        {
            [SseEndpoint("/feed")]
            public async IAsyncEnumerable<string> Feed([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return clock.ToString() ?? "x";
            }
        }
        """, "Feeds.Feed");

    [Fact]
    public Task SSE108_flags_an_item_type_listed_by_two_contexts() => AssertReportedAndSkipped("""
        [JsonSerializable(typeof(Quote))]
        internal sealed class AdminJson : JsonSerializerContext
        {
            public static AdminJson Default { get; } = new();
            public AdminJson() : base(null) { }
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public static class Endpoints
        {
            [SseEndpoint("/quotes")]
            public static async IAsyncEnumerable<Quote> {|SSE108:Quotes|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote("A", 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE108_accepts_a_chosen_context() => AssertCleanAndMapped("""
        [JsonSerializable(typeof(Quote))]
        internal sealed class AdminJson : JsonSerializerContext
        {
            public static AdminJson Default { get; } = new();
            public AdminJson() : base(null) { }
            protected override JsonSerializerOptions? GeneratedSerializerOptions => null;
            public override JsonTypeInfo? GetTypeInfo(Type type) => null;
        }

        public static class Endpoints
        {
            [SseEndpoint("/quotes", JsonContext = typeof(AdminJson))]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return new Quote("A", 1);
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE109_flags_an_unclosed_route_parameter() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [{|SSE109:SseEndpoint("/quotes/{symbol")|}]
            public static async IAsyncEnumerable<string> Quotes([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Quotes");

    [Fact]
    public Task SSE109_flags_an_event_name_with_a_line_break() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            [{|SSE109:SseEndpoint("/ticks", EventName = "tick\nevent: evil")|}]
            public static async IAsyncEnumerable<string> Ticks([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Ticks");

    [Fact]
    public Task SSE109_accepts_constraints_optional_parameters_and_an_event_name() => AssertCleanAndMapped("""
        public static class Endpoints
        {
            [SseEndpoint("/items/{id:int}/{page?}", EventName = "item")]
            public static async IAsyncEnumerable<string> Items(int id, int? page, [EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return $"{id}:{page}";
            }
        }
        """, "Endpoints.Items");

    [Fact]
    public Task SSE111_flags_a_private_nested_authorization_attribute_instead_of_dropping_it() => AssertReportedAndSkipped("""
        public static class Endpoints
        {
            private sealed class AdminOnlyAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
                public AdminOnlyAttribute() => Roles = "admin";
            }

            [SseEndpoint("/admin/audit"), {|SSE111:AdminOnly|}]
            public static async IAsyncEnumerable<string> Audit([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Audit");

    [Fact]
    public Task SSE111_flags_a_protected_attribute_a_class_inherits_on_each_of_its_endpoints() => AssertReportedAndSkipped("""
        public abstract class SecuredEndpoints
        {
            protected sealed class AdminOnlyAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
            }
        }

        [AdminOnly]
        public sealed class Audits : SecuredEndpoints
        {
            [SseEndpoint("/admin/audit")]
            public static async IAsyncEnumerable<string> {|SSE111:Audit|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Audits.Audit");

    [Fact]
    public Task SSE111_flags_a_file_local_attribute_class() => AssertReportedAndSkipped("""
        file sealed class AdminOnlyAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
        }

        public static class Endpoints
        {
            [SseEndpoint("/admin/audit"), {|SSE111:AdminOnly|}]
            public static async IAsyncEnumerable<string> Audit([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Audit");

    [Fact]
    public Task SSE111_flags_an_argument_naming_a_private_type() => AssertReportedAndSkipped("""
        [AttributeUsage(AttributeTargets.Method)]
        public sealed class PolicyAttribute(Type policy) : Attribute
        {
            public Type Policy { get; } = policy;
        }

        public static class Endpoints
        {
            private sealed class Secret { }

            [SseEndpoint("/admin/audit"), {|SSE111:Policy(typeof(Secret))|}]
            public static async IAsyncEnumerable<string> Audit([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Audit");

    [Fact]
    public Task SSE111_accepts_a_public_nested_and_an_internal_attribute_and_carries_them() => AssertCleanAndMapped("""
        internal sealed class AuditorsAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
        }

        public static class Endpoints
        {
            public sealed class AdminOnlyAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
            {
            }

            [SseEndpoint("/admin/audit"), AdminOnly, Auditors]
            public static async IAsyncEnumerable<string> Audit([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "x";
            }
        }
        """, "Endpoints.Audit", "new global::Endpoints.AdminOnlyAttribute()", "new global::AuditorsAttribute()");
}
