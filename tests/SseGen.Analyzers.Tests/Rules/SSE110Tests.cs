using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using SseGen.Analyzers.Tests.Infrastructure;
using SseGen.Generator.Analyzers;
using Xunit;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE110: an application with [SseEndpoint] methods that never calls its mapping method.</summary>
public sealed class SSE110Tests
{
    private const string Usings = """
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Builder;
        using SseGen;

        """;

    private const string Endpoints = """
        public static class Streams
        {
            [SseEndpoint("/a")]
            public static async IAsyncEnumerable<string> {|#0:A|}([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "a";
            }

            [SseEndpoint("/b")]
            public static async IAsyncEnumerable<string> B([EnumeratorCancellation] CancellationToken token)
            {
                await Task.Yield();
                yield return "b";
            }
        }

        """;

    // What the generator writes (the test harness runs no generator): the mapping methods the app calls.
    private const string GeneratedMapping = """
        namespace Microsoft.AspNetCore.Builder
        {
            internal static class SseGenEndpointRouteBuilderExtensions
            {
                internal static SseGen.SseEndpointConventionBuilder MapSseEndpoints(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) => null!;
            }

            public static class TestProjectSseEndpointRouteBuilderExtensions
            {
                public static SseGen.SseEndpointConventionBuilder MapTestProjectSseEndpoints(this Microsoft.AspNetCore.Routing.IEndpointRouteBuilder endpoints) => null!;
            }
        }

        """;

    private static Task Verify(string source, OutputKind kind) =>
        UsageVerifier.VerifyAsync<UnmappedEndpointsAnalyzer>(source, kind);

    [Fact]
    public Task Flags_an_app_that_never_calls_MapSseEndpoints() => Verify(Usings + """
        var app = WebApplication.Create();
        Routes.MapOtherEndpoints(app);
        app.Run();

        // Another mapping helper of the same app is not the SSE mapping method.
        static class Routes
        {
            public static void MapOtherEndpoints(WebApplication app) => app.MapGet("/", () => "home");
        }

        """ + Endpoints.Replace("{|#0:A|}", "{|SSE110:A|}", System.StringComparison.Ordinal) + GeneratedMapping, OutputKind.ConsoleApplication);

    [Fact]
    public Task Does_not_flag_an_app_that_calls_MapSseEndpoints() => Verify(Usings + """
        var app = WebApplication.Create();
        app.MapSseEndpoints().RequireAuthorization();
        app.Run();

        """ + Endpoints.Replace("{|#0:A|}", "A", System.StringComparison.Ordinal) + GeneratedMapping, OutputKind.ConsoleApplication);

    [Fact]
    public Task Does_not_flag_an_app_that_calls_its_public_mapping_method_in_a_route_group() => Verify(Usings + """
        var app = WebApplication.Create();
        app.MapGroup("/sse").MapTestProjectSseEndpoints();
        app.Run();

        """ + Endpoints.Replace("{|#0:A|}", "A", System.StringComparison.Ordinal) + GeneratedMapping, OutputKind.ConsoleApplication);

    [Fact]
    public Task Does_not_flag_a_library_its_host_maps() => Verify(
        Usings + Endpoints.Replace("{|#0:A|}", "A", System.StringComparison.Ordinal) + GeneratedMapping, OutputKind.DynamicallyLinkedLibrary);

    [Fact]
    public Task Does_not_flag_an_app_without_endpoints() => Verify(Usings + """
        var app = WebApplication.Create();
        app.Run();

        """ + GeneratedMapping, OutputKind.ConsoleApplication);
}
