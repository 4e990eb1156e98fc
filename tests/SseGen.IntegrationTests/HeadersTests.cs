using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests;

public static class HeaderEndpoints
{
    [SseEndpoint("/headers/hello")]
    public static async IAsyncEnumerable<string> Hello([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "hello";
    }
}

public sealed class HeadersTests
{
    [Fact]
    public async Task Stream_sends_event_stream_content_type_no_cache_and_no_proxy_buffering()
    {
        await using var server = await TestServer.StartAsync();
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await SseClient.OpenAsync(client, "/headers/hello", cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["no-cache"], response.Headers.GetValues("Cache-Control"));
        Assert.Equal(["no"], response.Headers.GetValues("X-Accel-Buffering"));
        Assert.Equal("data: hello\n\n", await response.Content.ReadAsStringAsync(cts.Token));
    }

    [Fact]
    public async Task Response_compression_middleware_leaves_the_stream_uncompressed()
    {
        await using var server = await TestServer.StartAsync(
            services => services.AddResponseCompression(o =>
            {
                o.EnableForHttps = true;
                o.Providers.Add<GzipCompressionProvider>();
                o.MimeTypes = ["text/event-stream"];
            }),
            app => app.UseResponseCompression());
        var client = server.CreateClient();
        using var cts = new CancellationTokenSource(TestServer.Timeout);

        using var response = await SseClient.OpenAsync(client, "/headers/hello", cts.Token, r => r.Headers.AcceptEncoding.ParseAdd("gzip"));

        Assert.DoesNotContain("gzip", response.Content.Headers.ContentEncoding);
        Assert.Equal("data: hello\n\n", await response.Content.ReadAsStringAsync(cts.Token));
    }
}
