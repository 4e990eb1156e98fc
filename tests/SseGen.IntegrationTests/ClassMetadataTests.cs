using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

/// <summary>[Authorize] on the class protects every endpoint in it; [AllowAnonymous] opens one.</summary>
[Authorize]
[Tags("class")]
public static class ClassProtectedEndpoints
{
    [SseEndpoint("/class-auth/secret")]
    [Tags("method")]
    public static async IAsyncEnumerable<string> Secret(ClaimsPrincipal user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"secret for {user.Identity?.Name}";
    }

    [SseEndpoint("/class-auth/open")]
    [AllowAnonymous]
    public static async IAsyncEnumerable<string> Open([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "open";
    }
}

/// <summary>A policy on the class: signed-in users outside it get 403.</summary>
[Authorize(Policy = HeaderAuthentication.AdminsPolicy)]
public static class ClassPolicyEndpoints
{
    [SseEndpoint("/class-auth/admin")]
    public static async IAsyncEnumerable<string> Admin([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "admin";
    }
}

/// <summary>Roles on a base class reach an instance endpoint of a derived class ([Authorize] is Inherited).</summary>
[Authorize(Roles = "ops")]
public abstract class OpsEndpointBase
{
}

public sealed class OpsEndpoints : OpsEndpointBase
{
    [SseEndpoint("/class-auth/ops")]
    public async IAsyncEnumerable<string> Ops([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "ops";
    }
}

public sealed class ClassMetadataTests
{
    [Fact]
    public async Task Authorize_on_the_class_answers_401_to_an_anonymous_client_and_streams_to_a_signed_in_one()
    {
        await using var server = await HeaderAuthentication.StartServerAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var anonymous = await client.GetAsync("/class-auth/secret", cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Empty(await anonymous.Content.ReadAsStringAsync(cts.Token));

        var events = await SseClient.ReadEventsAsync(client, "/class-auth/secret", HeaderAuthentication.SignedIn("alice"));
        Assert.Equal("secret for alice", Assert.Single(events).Data);
    }

    [Fact]
    public async Task AllowAnonymous_on_a_method_opens_that_endpoint_of_a_protected_class()
    {
        await using var server = await HeaderAuthentication.StartServerAsync();
        var client = server.CreateClient();

        Assert.Equal("open", Assert.Single(await SseClient.ReadEventsAsync(client, "/class-auth/open")).Data);
    }

    [Fact]
    public async Task A_policy_on_the_class_that_the_user_fails_answers_403_and_one_they_pass_streams()
    {
        await using var server = await HeaderAuthentication.StartServerAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var anonymous = await client.GetAsync("/class-auth/admin", cts.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "/class-auth/admin", HeaderAuthentication.SignedIn("bob")));

        Assert.Equal("admin", Assert.Single(await SseClient.ReadEventsAsync(client, "/class-auth/admin", HeaderAuthentication.SignedIn("carol", "admin"))).Data);
    }

    [Fact]
    public async Task Roles_inherited_from_the_base_class_protect_an_instance_endpoint()
    {
        await using var server = await HeaderAuthentication.StartServerAsync();
        var client = server.CreateClient();

        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(client, "/class-auth/ops", HeaderAuthentication.SignedIn("dave", "dev")));

        Assert.Equal("ops", Assert.Single(await SseClient.ReadEventsAsync(client, "/class-auth/ops", HeaderAuthentication.SignedIn("erin", "ops"))).Data);
    }

    [Fact]
    public async Task Class_attributes_come_before_the_methods_own_in_the_metadata()
    {
        await using var server = await TestServer.StartAsync();
        var endpoint = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/class-auth/secret");

        Assert.Equal(["class", "method"], endpoint.Metadata.GetOrderedMetadata<ITagsMetadata>().SelectMany(t => t.Tags));
        var open = server.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/class-auth/open");
        // The class's [Authorize] stays in the metadata; the later [AllowAnonymous] wins, as in MVC.
        Assert.IsAssignableFrom<IAuthorizeData>(open.Metadata.First(m => m is IAuthorizeData or IAllowAnonymous));
        Assert.IsAssignableFrom<IAllowAnonymous>(open.Metadata.Last(m => m is IAuthorizeData or IAllowAnonymous));
    }

    /// <summary>The status a signed-in request gets, before any stream.</summary>
    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path, Action<HttpRequestMessage> signIn)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        signIn(request);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        return response.StatusCode;
    }
}
