using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SseGen.IntegrationTests;

/// <summary>
/// Limited endpoints whose method does work as soon as it is called (as <c>SseChannels.Get</c> does),
/// so a test sees whether a refused request ran it.
/// </summary>
public static class StreamLimitEndpoints
{
    [SseEndpoint("/limits/static"), SseStreamLimit(1, RetryAfterSeconds = 3)]
    public static IAsyncEnumerable<string> Static(int count, ScenarioProbe probe, bool fail = false)
    {
        probe.Invoked();
        if (fail)
        {
            throw new InvalidOperationException("The test asked the method to fail.");
        }

        return HeldOpen(count);
    }

    /// <summary>Yields <paramref name="count"/> items, then stays open until the client leaves.</summary>
    internal static async IAsyncEnumerable<string> HeldOpen(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}

/// <summary>An instance endpoint: a refused request must not construct it.</summary>
public sealed class LimitedInstanceEndpoint
{
    private readonly ScenarioProbe _probe;

    public LimitedInstanceEndpoint(ScenarioProbe probe)
    {
        _probe = probe;
        probe.Timeline.Enqueue("constructed");
    }

    [SseEndpoint("/limits/instance"), SseStreamLimit(1)]
    public IAsyncEnumerable<string> Stream()
    {
        _probe.Invoked();
        return StreamLimitEndpoints.HeldOpen(1);
    }
}

public sealed class StreamLimitTests
{
    /// <summary>A server whose <see cref="ScenarioProbe"/> is resolved through a factory that counts every resolution.</summary>
    private static async Task<(TestServer Server, ScenarioProbe Probe, Func<int> Resolutions)> StartCountingAsync()
    {
        var probe = new ScenarioProbe();
        var resolutions = 0;
        var server = await TestServer.StartAsync(services =>
        {
            services.RemoveAll<ScenarioProbe>();
            services.AddTransient(_ =>
            {
                Interlocked.Increment(ref resolutions);
                return probe;
            });
        });
        return (server, probe, () => Volatile.Read(ref resolutions));
    }

    [Fact]
    public async Task At_the_limit_a_request_gets_503_without_resolving_a_service_or_calling_the_method()
    {
        var (server, probe, resolutions) = await StartCountingAsync();
        await using var _ = server;
        var client = server.CreateClient();
        using var open = await SseClient.OpenAsync(client, "/limits/static?count=1", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        Assert.Equal((1, 1), (resolutions(), probe.Invocations));

        for (var i = 0; i < 3; i++)
        {
            using var refused = await SseClient.OpenAsync(client, "/limits/static?count=1", CancellationToken.None);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(3), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        Assert.True((1, 1) == (resolutions(), probe.Invocations),
            $"A refused request did work: {resolutions()} resolutions of the method's service and {probe.Invocations} calls of the method (1 and 1 expected, the open stream's).");
    }

    [Fact]
    public async Task At_the_limit_an_instance_endpoint_is_not_constructed()
    {
        var (server, probe, resolutions) = await StartCountingAsync();
        await using var _ = server;
        var client = server.CreateClient();
        using var open = await SseClient.OpenAsync(client, "/limits/instance", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        using var refused = await SseClient.OpenAsync(client, "/limits/instance", CancellationToken.None);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(1, probe.Timeline.Count(e => e == "constructed"));
        Assert.Equal(1, resolutions());
        Assert.Equal(1, probe.Invocations);
    }

    [Fact]
    public async Task The_slot_is_given_back_after_a_400_after_a_method_that_throws_and_after_a_stream_ends()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();

        // Each request below can only get its own answer if the one before gave the single slot back.
        for (var i = 0; i < 3; i++)
        {
            using var bad = await SseClient.OpenAsync(client, "/limits/static?count=abc", CancellationToken.None);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            using var failed = await SseClient.OpenAsync(client, "/limits/static?count=1&fail=true", CancellationToken.None);
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }

        var first = await SseClient.OpenAsync(client, "/limits/static?count=1", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        first.Dispose();

        // The server learns of the disconnect asynchronously: the slot comes back soon, not at once.
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (true)
        {
            using var again = await SseClient.OpenAsync(client, "/limits/static?count=1", CancellationToken.None);
            if (again.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, again.StatusCode);
            Assert.True(DateTime.UtcNow < deadline, "A closed stream never gave its slot back.");
            await Task.Delay(20);
        }
    }
}
