using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SseGen.IntegrationTests.Http2;

/// <summary>
/// HTTP/2 forbids connection-specific header fields (RFC 9113 8.2.2): a response carrying one is
/// malformed and a strict client drops the stream. An SSE response over h2c and over TLS carries none,
/// and SseGen sets none: Kestrel strips any that something sets, and says so in a warning.
/// </summary>
public sealed class Http2HeaderTests
{
    private static readonly string[] ConnectionSpecific = ["Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection"];

    /// <summary>Kestrel's "response headers have been removed because they are invalid for HTTP/2 and HTTP/3 responses".</summary>
    private const int InvalidResponseHeaderRemoved = 41;

    [Theory]
    [InlineData(Http2Transport.H2c)]
    [InlineData(Http2Transport.Tls)]
    public async Task An_SSE_response_over_HTTP2_carries_no_connection_specific_header_and_SseGen_sets_none(Http2Transport transport)
    {
        await using var server = await Http2Server.StartAsync(transport);
        using var client = Http2Server.CreateClient(server);

        await using var stream = await Http2Reader.OpenAsync(client, "/h2/ticks/a");
        await stream.WaitForMoreAsync(3, "the stream's first events");

        var response = stream.Response;
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("HTTP/2", server.Streams()["a"].Protocol);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        AssertNoConnectionSpecificHeader(response);

        // Kestrel would have stripped one from the wire; its warning shows whether anything set one.
        Assert.DoesNotContain(server.Logs.Entries, e => e.EventId.Id == InvalidResponseHeaderRemoved);
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>
    /// What happens to an app whose middleware sets <c>Connection: keep-alive</c> (and its kin), as
    /// HTTP/1.1 habits do: Kestrel drops them from the HTTP/2 response with one warning per response,
    /// and the stream works.
    /// </summary>
    [Theory]
    [InlineData(Http2Transport.H2c)]
    [InlineData(Http2Transport.Tls)]
    public async Task Connection_headers_a_middleware_sets_are_dropped_by_Kestrel_on_HTTP2_with_a_warning(Http2Transport transport)
    {
        await using var server = await Http2Server.StartAsync(transport, configureApp: app => app.Use((HttpContext context, RequestDelegate next) =>
        {
            context.Response.Headers.Connection = "keep-alive";
            context.Response.Headers.KeepAlive = "timeout=5";
            context.Response.Headers.ProxyConnection = "keep-alive";
            context.Response.Headers.Upgrade = "h2c";
            context.Response.Headers.TransferEncoding = "chunked";
            return next(context);
        }));
        using var client = Http2Server.CreateClient(server);

        await using var stream = await Http2Reader.OpenAsync(client, "/h2/ticks/a");
        await stream.WaitForMoreAsync(3, "the stream's first events");

        AssertNoConnectionSpecificHeader(stream.Response);
        var warning = Assert.Single(server.Logs.Entries, e => e.EventId.Id == InvalidResponseHeaderRemoved);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal("Microsoft.AspNetCore.Server.Kestrel", warning.Category);
    }

    private static void AssertNoConnectionSpecificHeader(HttpResponseMessage response)
    {
        var names = response.Headers.Concat(response.Content.Headers).Select(h => h.Key).ToList();
        Assert.All(ConnectionSpecific, name => Assert.DoesNotContain(name, names, StringComparer.OrdinalIgnoreCase));
        Assert.Null(response.Headers.ConnectionClose);
        Assert.Null(response.Headers.TransferEncodingChunked);
    }
}
