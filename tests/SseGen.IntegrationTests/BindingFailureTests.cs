using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class BindingFailureEndpoints
{
    [SseEndpoint("/bad/count")]
    public static async IAsyncEnumerable<string> Count(int count, ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        await Task.Yield();
        for (var i = 1; i <= count; i++)
        {
            yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

public sealed class BindingFailureTests
{
    [Fact]
    public async Task A_valid_query_value_streams_and_invokes_the_producer()
    {
        await using var server = await TestServer.StartAsync();

        var events = await SseClient.ReadEventsAsync(server.CreateClient(), "/bad/count?count=2");

        Assert.Equal(["1", "2"], events.Select(e => e.Data));
        Assert.Equal(1, server.Probe.Invocations);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_unparsable_query_value_gets_400_problem_details_naming_the_parameter_and_never_runs_the_producer(bool withProblemDetailsService)
    {
        await using var server = await TestServer.StartAsync(services =>
        {
            if (withProblemDetailsService)
            {
                services.AddProblemDetails();
            }
        });

        var (response, body) = await GetAsync(server, "/bad/count?count=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(400, json.RootElement.GetProperty("status").GetInt32());
        var detail = json.RootElement.GetProperty("detail").GetString();
        Assert.Equal("Failed to bind parameter \"int count\".", detail);
        Assert.False(response.Headers.Contains("X-Accel-Buffering"));
        Assert.Equal(0, server.Probe.Invocations);
        Assert.Empty(server.Logs.Errors);
    }

    [Fact]
    public async Task Outside_Development_the_400_never_echoes_the_raw_value_but_the_log_keeps_it()
    {
        await using var server = await TestServer.StartAsync();

        var (response, body) = await GetAsync(server, "/bad/count?count=%3Cscript%3Ealert(1)%3C%2Fscript%3E");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("script", body, StringComparison.Ordinal);
        Assert.Contains("count", body, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, e => e.Message.Contains("<script>alert(1)</script>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_Development_the_400_shows_the_raw_value()
    {
        await using var server = await TestServer.StartAsync(environmentName: "Development");

        var (response, body) = await GetAsync(server, "/bad/count?count=abc");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Failed to bind parameter \"int count\" from \"abc\".", json.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_missing_required_query_value_gets_400_and_never_runs_the_producer()
    {
        await using var server = await TestServer.StartAsync();

        var (response, body) = await GetAsync(server, "/bad/count");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Contains("count", json.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, server.Probe.Invocations);
    }

    internal static async Task<(HttpResponseMessage Response, string Body)> GetAsync(TestServer server, string path)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        var response = await server.CreateClient().GetAsync(path, cts.Token);
        return (response, await response.Content.ReadAsStringAsync(cts.Token));
    }
}
