using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SseGen.IntegrationTests;

public enum Shade
{
    Red,
    Green,
    Blue,
}

public static class BindingEndpoints
{
    [SseEndpoint("/bind/items/{id:int}")]
    public static async IAsyncEnumerable<string> Item(int id, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"id={id}";
    }

    [SseEndpoint("/bind/default")]
    public static async IAsyncEnumerable<string> Default([EnumeratorCancellation] CancellationToken cancellationToken, int take = 3, string mode = "fast")
    {
        await Task.Yield();
        yield return $"take={take}";
        yield return $"mode={mode}";
    }

    [SseEndpoint("/bind/nullable")]
    public static async IAsyncEnumerable<string> Nullable(int? limit, string? filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"limit={limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}";
        yield return $"filter={filter ?? "null"}";
    }

    [SseEndpoint("/bind/named-query")]
    public static async IAsyncEnumerable<string> NamedQuery([FromQuery(Name = "q")] string search, [FromQuery(Name = "page-size")] int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"search={search}";
        yield return $"pageSize={pageSize}";
    }

    [SseEndpoint("/bind/route/{name}/{who}")]
    public static async IAsyncEnumerable<string> Route([FromRoute] string name, [FromRoute(Name = "who")] string person, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"name={name}";
        yield return $"person={person}";
    }

    [SseEndpoint("/bind/services")]
    public static async IAsyncEnumerable<string> Services([FromServices] ScenarioProbe probe, TimeProvider inferred, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        await Task.Yield();
        yield return $"invocations={probe.Invocations}";
        yield return $"time={inferred.GetType().Name}";
    }

    [SseEndpoint("/bind/context")]
    public static async IAsyncEnumerable<string> Context(HttpContext context, HttpRequest request, ClaimsPrincipal user, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"path={request.Path}";
        yield return $"sameRequest={ReferenceEquals(context.Request, request)}";
        yield return $"user={user.Identity?.Name ?? "anonymous"}";
        yield return $"sameUser={ReferenceEquals(context.User, user)}";
        yield return $"marker={context.Items["marker"]}";
    }

    [SseEndpoint("/bind/enum")]
    public static async IAsyncEnumerable<string> Enum(Shade shade, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"shade={shade}";
    }

    [SseEndpoint("/bind/orders/{orderId}")]
    public static async IAsyncEnumerable<string> Order(Guid orderId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"orderId={orderId:D}";
    }
}

public sealed class BindingTests
{
    [Fact]
    public async Task Route_value_with_an_int_constraint_binds_and_a_non_matching_value_is_404()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal(["id=42"], await DataAsync(client, "/bind/items/42"));
        Assert.Equal(["id=-7"], await DataAsync(client, "/bind/items/-7"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(client, "/bind/items/abc"));
    }

    [Fact]
    public async Task Query_values_with_defaults_use_the_default_when_absent()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal(["take=3", "mode=fast"], await DataAsync(client, "/bind/default"));
        Assert.Equal(["take=10", "mode=slow"], await DataAsync(client, "/bind/default?take=10&mode=slow"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/default?take=ten"));
    }

    [Fact]
    public async Task Nullable_query_values_are_null_when_absent_or_empty()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal(["limit=null", "filter=null"], await DataAsync(client, "/bind/nullable"));
        Assert.Equal(["limit=null", "filter="], await DataAsync(client, "/bind/nullable?limit=&filter="));
        Assert.Equal(["limit=5", "filter=abc"], await DataAsync(client, "/bind/nullable?limit=5&filter=abc"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/nullable?limit=five"));
    }

    [Fact]
    public async Task FromQuery_Name_binds_the_named_query_key_only()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal(["search=hello world", "pageSize=20"], await DataAsync(client, "/bind/named-query?q=hello%20world&page-size=20"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/named-query?search=hello&pageSize=20"));
    }

    [Fact]
    public async Task FromRoute_binds_route_values_by_parameter_name_and_by_Name()
    {
        await using var server = await TestServer.StartAsync();

        Assert.Equal(["name=alice", "person=bob"], await DataAsync(server.CreateClient(), "/bind/route/alice/bob"));
    }

    [Fact]
    public async Task FromServices_and_inferred_service_parameters_come_from_the_apps_container()
    {
        var time = new FixedTimeProvider();
        await using var server = await TestServer.StartAsync(services => services.AddSingleton<TimeProvider>(time));

        var data = await DataAsync(server.CreateClient(), "/bind/services");

        Assert.Equal(["invocations=1", "time=FixedTimeProvider"], data);
        Assert.Equal(1, server.Probe.Invocations);
    }

    [Fact]
    public async Task HttpContext_HttpRequest_and_ClaimsPrincipal_parameters_are_the_requests_own()
    {
        await using var server = await TestServer.StartAsync(configureApp: app => app.Use(async (context, next) =>
        {
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], "Test"));
            context.Items["marker"] = "m-" + context.Request.Query["m"];
            await next(context);
        }));

        var data = await DataAsync(server.CreateClient(), "/bind/context?m=42");

        Assert.Equal(["path=/bind/context", "sameRequest=True", "user=alice", "sameUser=True", "marker=m-42"], data);
    }

    [Fact]
    public async Task Enum_query_values_bind_by_name_ignoring_case_and_unknown_names_are_400()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        Assert.Equal(["shade=Green"], await DataAsync(client, "/bind/enum?shade=Green"));
        Assert.Equal(["shade=Blue"], await DataAsync(client, "/bind/enum?shade=blue"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/enum?shade=Purple"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/enum"));
    }

    [Fact]
    public async Task Guid_route_values_parse_and_malformed_ones_are_400()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        var id = Guid.NewGuid();

        Assert.Equal([$"orderId={id:D}"], await DataAsync(client, $"/bind/orders/{id:N}"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(client, "/bind/orders/not-a-guid"));
    }

    [Fact]
    public async Task An_unregistered_service_parameter_fails_at_startup_naming_the_endpoint_and_parameter()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestServer.StartAsync(services => services.RemoveAll<TimeProvider>()));

        Assert.Contains("BindingEndpoints.Services", error.Message);
        Assert.Contains("TimeProvider inferred", error.Message);
    }

    private static async Task<List<string>> DataAsync(HttpClient client, string path) =>
        (await SseClient.ReadEventsAsync(client, path)).Select(e => e.Data).ToList();

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await client.GetAsync(path, cts.Token);
        return response.StatusCode;
    }

    private sealed class FixedTimeProvider : TimeProvider
    {
    }
}
