using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class MetadataEndpoints
{
    [SseEndpoint("/meta/described")]
    [EndpointName("sse-described")]
    [Tags("a", "b")]
    [EndpointSummary("A described stream")]
    public static async IAsyncEnumerable<string> Described([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "described";
    }

    [SseEndpoint("/meta/secure")]
    [Authorize]
    public static async IAsyncEnumerable<string> Secure(ClaimsPrincipal user, ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        await Task.Yield();
        yield return $"user={user.Identity?.Name}";
    }
}

public sealed class MetadataTests
{
    [Fact]
    public async Task Attributes_on_the_method_become_endpoint_metadata()
    {
        await using var server = await TestServer.StartAsync();

        var described = FindEndpoint(server, "/meta/described");
        var plain = FindEndpoint(server, "/headers/hello");

        Assert.Equal("sse-described", described.Metadata.GetRequiredMetadata<IEndpointNameMetadata>().EndpointName);
        Assert.Equal(["a", "b"], described.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
        Assert.Equal("A described stream", described.Metadata.GetRequiredMetadata<IEndpointSummaryMetadata>().Summary);
        Assert.Null(plain.Metadata.GetMetadata<IEndpointNameMetadata>());
        Assert.Empty(plain.Metadata.GetOrderedMetadata<ITagsMetadata>());
        Assert.Equal(["GET"], described.Metadata.GetRequiredMetadata<IHttpMethodMetadata>().HttpMethods);
    }

    [Fact]
    public async Task Authorize_on_the_method_becomes_authorization_metadata_of_that_endpoint_only()
    {
        await using var server = await TestServer.StartAsync();

        Assert.NotEmpty(FindEndpoint(server, "/meta/secure").Metadata.GetOrderedMetadata<IAuthorizeData>());
        Assert.Empty(FindEndpoint(server, "/meta/described").Metadata.GetOrderedMetadata<IAuthorizeData>());
    }

    [Fact]
    public async Task Authorize_on_the_method_is_enforced_before_the_stream_starts()
    {
        await using var server = await StartWithAuthenticationAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var anonymous = await client.GetAsync("/meta/secure", cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(0, server.Probe.Invocations);

        var events = await SseClient.ReadEventsAsync(client, "/meta/secure", r => r.Headers.Add(HeaderAuthentication.UserHeader, "bob"));
        Assert.Equal("user=bob", Assert.Single(events).Data);
        Assert.Equal(1, server.Probe.Invocations);

        // An endpoint without [Authorize] stays open.
        Assert.Equal("described", Assert.Single(await SseClient.ReadEventsAsync(client, "/meta/described")).Data);
    }

    [Fact]
    public async Task Conventions_on_MapSseEndpoints_apply_to_every_sse_endpoint_and_only_to_them()
    {
        await using var server = await TestServer.StartAsync(map: app =>
        {
            app.MapGet("/plain", () => "plain");
            return app.MapSseEndpoints().WithTags("sse");
        });

        var sseEndpoints = SseRoutesOfThisAssembly();
        var endpoints = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();

        Assert.Equal(sseEndpoints.Count, server.SseEndpoints!.Count);
        Assert.Equal(sseEndpoints.Order(StringComparer.Ordinal), endpoints.Select(e => e.RoutePattern.RawText!).Where(r => r != "/plain").Order(StringComparer.Ordinal));
        foreach (var endpoint in endpoints.Where(e => e.RoutePattern.RawText != "/plain"))
        {
            Assert.Contains("sse", endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
        }

        // The method's own tags stay, the convention's are added.
        Assert.Equal(["a", "b", "sse"], FindEndpoint(server, "/meta/described").Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
        Assert.Empty(endpoints.Single(e => e.RoutePattern.RawText == "/plain").Metadata.GetOrderedMetadata<ITagsMetadata>());
    }

    [Fact]
    public async Task RequireAuthorization_on_MapSseEndpoints_protects_every_sse_endpoint()
    {
        await using var server = await StartWithAuthenticationAsync(app => app.MapSseEndpoints().RequireAuthorization());
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        foreach (var endpoint in server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints)
        {
            Assert.NotEmpty(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>());
        }

        using var anonymous = await client.GetAsync("/headers/hello", cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var events = await SseClient.ReadEventsAsync(client, "/headers/hello", r => r.Headers.Add(HeaderAuthentication.UserHeader, "carol"));
        Assert.Equal("hello", Assert.Single(events).Data);
    }

    /// <summary>The route of every [SseEndpoint] method in this assembly, found by reflection.</summary>
    private static List<string> SseRoutesOfThisAssembly() =>
        typeof(MetadataTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<SseEndpointAttribute>()?.Pattern)
            .OfType<string>()
            .ToList();

    private static RouteEndpoint FindEndpoint(TestServer server, string pattern) =>
        server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Single(e => e.RoutePattern.RawText == pattern);

    private static Task<TestServer> StartWithAuthenticationAsync(Func<WebApplication, SseEndpointConventionBuilder?>? map = null) =>
        HeaderAuthentication.StartServerAsync(map: map);
}
