using SseGen.Generator.Model;
using SseGen.Generator.Resolving;
using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>
/// What the mapping methods promise: every [SseEndpoint] method is either mapped or makes mapping
/// fail at startup (never a silent 404), and each assembly has a public, uniquely named mapping
/// method a host can call.
/// </summary>
public sealed class MappingTests
{
    private const string Mixed = """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Mvc;
        using SseGen;

        namespace Demo;

        public sealed record Unlisted(int Value);

        public static class Streams
        {
            [SseEndpoint("/good")]
            public static async IAsyncEnumerable<string> Good([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "ok";
            }

            [SseEndpoint("/body")]
            public static async IAsyncEnumerable<string> Body([FromBody] string body, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return body;
            }

            [SseEndpoint("/unlisted")]
            public static async IAsyncEnumerable<Unlisted> NoContext([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Unlisted(1);
            }

            [SseEndpoint("/items/{id}")]
            public static async IAsyncEnumerable<string> ById(string id, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return id;
            }

            [SseEndpoint("/Items/{key?}")]
            public static async IAsyncEnumerable<string> ByKey(string? key, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return key ?? "";
            }
        }
        """;

    [Fact]
    public void MethodsTheGeneratorLeavesOut_MakeMappingFailAtStartup_NamingEachMethodAndRule()
    {
        var run = TestCompilation.Run(Inputs.Quotes, Mixed);

        run.AssertNoGeneratorFailed();
        run.AssertNoDiagnostics();
        var source = run.EndpointsSource;
        Assert.Contains("MapGet(endpoints, \"/good\"", source, StringComparison.Ordinal);
        Assert.Contains("global::SseGen.Infrastructure.SseEndpointHost.ThrowUnmapped(\"TestApp\", new string[]", source, StringComparison.Ordinal);
        Assert.Contains("\"Streams.Body: SSE103: Parameter 'string body' cannot be bound", source, StringComparison.Ordinal);
        Assert.Contains("\"Streams.NoContext: SSE102: ", source, StringComparison.Ordinal);
        Assert.Contains("\"Streams.ById: SSE105: 'Streams.ById' maps the route \\\"/items/{id}\\\", which 'Streams.ByKey' maps too", source, StringComparison.Ordinal);
        Assert.Contains("\"Streams.ByKey: SSE105: 'Streams.ByKey' maps the route \\\"/Items/{key?}\\\", which 'Streams.ById' maps too", source, StringComparison.Ordinal);
        // The check runs before anything is mapped, so a half-mapped app never starts.
        Assert.True(
            source.IndexOf("ThrowUnmapped(", StringComparison.Ordinal) < source.IndexOf("SseEndpointHost.Create(", StringComparison.Ordinal),
            "ThrowUnmapped must come before the first endpoint is mapped:\n" + source);
    }

    [Fact]
    public void WhenEveryMethodIsMapped_NothingFailsAtStartup()
    {
        var run = TestCompilation.Run(Inputs.Quotes, Mixed.Replace("[FromBody] string body", "string body", StringComparison.Ordinal)
            .Replace("IAsyncEnumerable<Unlisted>", "IAsyncEnumerable<Quote>", StringComparison.Ordinal)
            .Replace("new Unlisted(1)", "new Quote(\"A\", 1m)", StringComparison.Ordinal)
            .Replace("/Items/{key?}", "/items/{key:int}", StringComparison.Ordinal)
            .Replace("string? key", "int key", StringComparison.Ordinal)
            .Replace("key ?? \"\"", "key.ToString()", StringComparison.Ordinal));

        run.AssertNoDiagnostics();
        Assert.DoesNotContain("ThrowUnmapped", run.EndpointsSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Contoso.Chat", "MapContosoChatSseEndpoints", "ContosoChatSseEndpointRouteBuilderExtensions")]
    [InlineData("my-app.Web", "MapmyappWebSseEndpoints", "myappWebSseEndpointRouteBuilderExtensions")]
    public void EachAssembly_GetsAPublicMappingMethodNamedAfterIt(string assemblyName, string method, string type)
    {
        var run = TestCompilation.Run(TestCompilation.Create(Inputs.Quotes, Mixed).WithAssemblyName(assemblyName));

        run.AssertNoDiagnostics();
        Assert.Contains($"public static class {type}", run.EndpointsSource, StringComparison.Ordinal);
        Assert.Contains($"public static global::SseGen.SseEndpointConventionBuilder {method}(", run.EndpointsSource, StringComparison.Ordinal);
        Assert.Contains("internal static global::SseGen.SseEndpointConventionBuilder MapSseEndpoints(", run.EndpointsSource, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAssemblyWithoutEndpoints_GetsNoPublicMappingMethod()
    {
        var run = TestCompilation.Run(Inputs.Quotes, "namespace Demo; public static class Nothing;");

        run.AssertNoDiagnostics();
        Assert.DoesNotContain("public static class", run.EndpointsSource, StringComparison.Ordinal);
    }

    /// <summary>Pairs ASP.NET Core routing tells apart for every request: both are mapped.</summary>
    [Theory]
    [InlineData("/items/{id:int}", "/items/{slug:alpha}")]
    [InlineData("/files/{*path}", "/files/{id}")]
    [InlineData("/files/{*path}", "/files")]
    [InlineData("/a/{id}", "/b/{id}")]
    [InlineData("/a/{id}/x", "/a/x/{id}")]
    [InlineData("/items/{id:int}", "/items/{id}")]
    [InlineData("/r/{id:regex(^a$)}", "/r/{id:regex(^A$)}")]
    public void RoutesRoutingCanTellApart_DoNotCollide(string first, string second) =>
        Assert.Equal([-1, -1], EndpointResolver.RouteConflicts([first, second]));

    /// <summary>Pairs that match the same requests with the same precedence: routing would throw AmbiguousMatchException.</summary>
    [Theory]
    [InlineData("/items/{id}", "/items/{key}")]
    [InlineData("/items/{id}", "/Items/{key?}")]
    [InlineData("/items/{id:int}", "/items/{key:INT}")]
    [InlineData("/items/{id:int:min(1)}", "/items/{key:min(1):int}")]
    [InlineData("/items/{id=5}", "/items/{key}")]
    [InlineData("/files/{*path}", "/files/{**rest}")]
    [InlineData("/items/", "items")]
    public void RoutesRoutingCannotTellApart_Collide(string first, string second) =>
        Assert.Equal([1, 0], EndpointResolver.RouteConflicts([first, second]));
}
