using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace SseGen.EndToEndTests.Http2;

/// <summary>
/// Headless Chromium, ten <c>EventSource</c>s on one HTTPS origin. Over HTTP/1.1 a browser opens at
/// most six connections to a host, so the seventh stream waits for ever (the SSE page that stops
/// updating in a seventh tab); over HTTP/2 they are streams of one connection and all of them flow.
/// The server is Kestrel in this process on 127.0.0.1, TLS with a certificate made by the test.
/// </summary>
public sealed class Http2BrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private const int Streams = 10;

    private const string Page = """
        <!doctype html><title>ten streams</title>
        <script>
          window.counts = new Array(10).fill(0);
          for (let i = 0; i < 10; i++) {
            new EventSource(`/h2/ticks/${i}`).onmessage = () => window.counts[i]++;
          }
        </script>
        """;

    private WebApplication? server;
    private IBrowserContext? context;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (context is not null)
        {
            await context.CloseAsync();
        }

        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Over_HTTP2_ten_EventSources_to_one_origin_all_receive_on_one_connection()
    {
        var page = await OpenPageAsync(HttpProtocols.Http1AndHttp2);

        try
        {
            await page.WaitForFunctionAsync("() => window.counts.every(c => c >= 3)", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            var counts = await page.EvaluateAsync<int[]>("() => window.counts");
            Assert.Fail($"Not every stream received 3 events within 15 s; events per stream: {string.Join(",", counts)}; " +
                $"page over {await page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].nextHopProtocol")}");
        }

        Assert.Equal("h2", await page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].nextHopProtocol"));
        var open = server!.Services.GetRequiredService<BrowserStreams>().Open;
        Assert.Equal(Streams, open.Count);
        Assert.All(open.Values, stream => Assert.Equal("HTTP/2", stream.Protocol));
        Assert.Single(open.Values.Select(stream => stream.Connection).Distinct());
    }

    /// <summary>The control: the same page over HTTP/1.1 gets six streams, and the other four wait.</summary>
    [Fact]
    public async Task Over_HTTP1_the_same_page_gets_only_six_of_its_ten_streams()
    {
        var page = await OpenPageAsync(HttpProtocols.Http1);

        await page.WaitForFunctionAsync("() => window.counts.filter(c => c >= 3).length >= 6", null, new PageWaitForFunctionOptions { Timeout = 15_000 });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var counts = await page.EvaluateAsync<int[]>("() => window.counts");
        Assert.Equal("http/1.1", await page.EvaluateAsync<string>("() => performance.getEntriesByType('navigation')[0].nextHopProtocol"));
        Assert.True(counts.Count(c => c > 0) == 6, $"streams with events: {string.Join(",", counts)}");
        Assert.Equal(6, server!.Services.GetRequiredService<BrowserStreams>().Open.Count);
    }

    /// <summary>Starts the server with these protocols and opens its page in a fresh browser context.</summary>
    private async Task<IPage> OpenPageAsync(HttpProtocols protocols)
    {
        server = await StartAsync(protocols);
        var address = server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = address, IgnoreHTTPSErrors = true });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        return page;
    }

    private static async Task<WebApplication> StartAsync(HttpProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = protocols;
            listen.UseHttps(LocalhostCertificate.Instance);
        }));
        builder.Services.AddSingleton<BrowserStreams>();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(Page, "text/html"));
        app.MapSseEndpoints();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.StartAsync(timeout.Token);
        return app;
    }
}
