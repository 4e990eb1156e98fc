using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class PerClientEndpoints
{
    /// <summary>Open streams per client are capped by ASP.NET Core's rate limiter, with the policy below.</summary>
    [SseEndpoint("/limits/per-client"), EnableRateLimiting(PerClientRateLimitTests.Policy)]
    public static IAsyncEnumerable<string> PerClient() => StreamLimitEndpoints.HeldOpen(1);
}

/// <summary>
/// The recipe of the README, against real Kestrel: a partitioned concurrency limiter keyed by the
/// client's address holds its lease for the whole stream, so one client cannot take every stream.
/// Clients are told apart by their source address (127.0.0.2, 127.0.0.3: all of 127/8 is loopback).
/// </summary>
public sealed class PerClientRateLimitTests
{
    public const string Policy = "sse-per-client";
    private const int StreamsPerClient = 2;

    private static Task<TestServer> StartAsync() => TestServer.StartAsync(
        services => services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return ValueTask.CompletedTask;
            };
            options.AddPolicy(Policy, http => RateLimitPartition.GetConcurrencyLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                _ => new ConcurrencyLimiterOptions { PermitLimit = StreamsPerClient, QueueLimit = 0 }));
        }),
        app => app.UseRateLimiter());

    /// <summary>A client whose connections leave from <paramref name="source"/>.</summary>
    private static HttpClient ClientFrom(TestServer server, string source) => new(new SocketsHttpHandler
    {
        UseProxy = false,
        MaxResponseDrainSize = 0,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(source), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    {
        BaseAddress = server.BaseAddress,
        Timeout = TestServer.Timeout,
    };

    [Fact]
    public async Task EnableRateLimiting_on_an_SseEndpoint_becomes_endpoint_metadata()
    {
        await using var server = await StartAsync();

        var endpoint = ((IEndpointRouteBuilder)server.App).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/limits/per-client");

        Assert.Equal(Policy, endpoint.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName);
    }

    [Fact]
    public async Task One_client_over_its_share_gets_429_while_another_still_streams_and_a_closed_stream_gives_its_lease_back()
    {
        await using var server = await StartAsync();
        using var a = ClientFrom(server, "127.0.0.2");
        using var b = ClientFrom(server, "127.0.0.3");

        var aStreams = new List<HttpResponseMessage>();
        try
        {
            for (var i = 0; i < StreamsPerClient; i++)
            {
                var open = await SseClient.OpenAsync(a, "/limits/per-client", CancellationToken.None);
                aStreams.Add(open);
                Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            }

            using (var refused = await SseClient.OpenAsync(a, "/limits/per-client", CancellationToken.None))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
            }

            // Client B has its own partition: A's streams cost it nothing.
            using (var other = await SseClient.OpenAsync(b, "/limits/per-client", CancellationToken.None))
            {
                Assert.Equal(HttpStatusCode.OK, other.StatusCode);
                var reader = new RawStreamReader(await other.Content.ReadAsStreamAsync());
                await reader.ReadUntilAsync(t => t.Contains("data: 1\n\n", StringComparison.Ordinal), TestServer.Timeout);
            }

            // A closes one stream; its lease is released when the stream ends (the server notices the disconnect soon after).
            aStreams[0].Dispose();
            aStreams.RemoveAt(0);
            var deadline = DateTime.UtcNow + TestServer.Timeout;
            while (true)
            {
                var again = await SseClient.OpenAsync(a, "/limits/per-client", CancellationToken.None);
                if (again.StatusCode == HttpStatusCode.OK)
                {
                    aStreams.Add(again);
                    break;
                }

                again.Dispose();
                Assert.Equal(HttpStatusCode.TooManyRequests, again.StatusCode);
                Assert.True(DateTime.UtcNow < deadline, "A closed stream never gave its lease back.");
                await Task.Delay(20);
            }
        }
        finally
        {
            foreach (var stream in aStreams)
            {
                stream.Dispose();
            }
        }
    }
}
