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

    [SseEndpoint("/bad/range")]
    public static async IAsyncEnumerable<string> Range(int from, int to, ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        await Task.Yield();
        for (var i = from; i <= to; i++)
        {
            yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}

public sealed class BindingFailureTests
{
    [Theory]
    [InlineData("Development", "Failed to bind parameter \"int from\" from \"x\". Required parameter \"int to\" was not provided from the query string.")]
    [InlineData("Production", "Failed to bind parameter \"int from\". Required parameter \"int to\" was not provided from the query string.")]
    public async Task Every_failure_is_named_in_order_in_one_400_with_the_raw_value_only_in_Development(string environment, string expected)
    {
        await using var server = await TestServer.StartAsync(environmentName: environment);

        var (response, body) = await GetAsync(server, "/bad/range?from=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(expected, json.RootElement.GetProperty("detail").GetString());
        Assert.Equal(0, server.Probe.Invocations);
    }

    [Fact]
    public async Task The_log_escapes_a_raw_value_by_the_shared_rules()
    {
        await using var server = await TestServer.StartAsync();

        // A backslash, an escape character (terminal control) and a right-to-left override (hides what follows); é is kept.
        var (response, _) = await GetAsync(server, "/bad/range?to=2&from=" + Uri.EscapeDataString("a\\b\u001Bc\u202Ed\u00E9"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var line = await server.Logs.WaitForAsync(e => e.Category == "SseGen" && e.EventId.Id == 5);
        Assert.Contains(@"Failed to bind parameter ""int from"" from ""a\u005Cb\u001Bc\u202Edé"".", line.Message, StringComparison.Ordinal);
    }

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
