using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SseGen.Tests.Shared;

namespace SseGen.IntegrationTests.Http2;

/// <summary>How the HTTP/2 tests reach the server.</summary>
public enum Http2Transport
{
    /// <summary>Cleartext HTTP/2 with prior knowledge (<c>Protocols = Http2</c>), as behind a proxy that speaks h2c.</summary>
    H2c,

    /// <summary>HTTPS with <c>Http1AndHttp2</c>, ALPN choosing h2, as a browser gets it.</summary>
    Tls,
}

/// <summary>A <see cref="TestServer"/> that speaks HTTP/2, and HTTP/2-only clients for it.</summary>
public static class Http2Server
{
    /// <summary>Kestrel's HTTP/2 frame log: each frame received and sent, at Trace.</summary>
    public const string FrameLogCategory = "Microsoft.AspNetCore.Server.Kestrel.Http2";

    /// <summary>The app's record of the named streams of <see cref="Http2Endpoints"/>.</summary>
    public static Http2Probe Streams(this TestServer server) => server.App.Services.GetRequiredService<Http2Probe>();

    public static Task<TestServer> StartAsync(Http2Transport transport, Action<IServiceCollection>? configureServices = null, Action<WebApplication>? configureApp = null) =>
        TestServer.StartAsync(
            services =>
            {
                services.AddSingleton<Http2Probe>();
                services.AddLogging(logging => logging.AddFilter(FrameLogCategory, LogLevel.Trace));
                configureServices?.Invoke(services);
            },
            configureApp,
            listen: options =>
            {
                if (transport == Http2Transport.Tls)
                {
                    options.Protocols = HttpProtocols.Http1AndHttp2;
                    options.UseHttps(LocalhostCertificate.Instance);
                }
                else
                {
                    options.Protocols = HttpProtocols.Http2;
                }
            });

    /// <summary>
    /// A client that speaks HTTP/2 only (<see cref="HttpVersionPolicy.RequestVersionExact"/>: over
    /// http:// that is h2c with prior knowledge, and no fallback to HTTP/1.1 over TLS) on one connection
    /// for all its requests, trusting only <see cref="LocalhostCertificate"/>.
    /// </summary>
    /// <param name="streamWindow">The receive window of each stream; HTTP/2's initial 65,535 is the least .NET allows.</param>
    public static HttpClient CreateClient(TestServer server, int streamWindow = 65_535)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            EnableMultipleHttp2Connections = false,
            InitialHttp2StreamWindowSize = streamWindow,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => LocalhostCertificate.IsThis(certificate) },
        };
        return new HttpClient(handler)
        {
            BaseAddress = server.BaseAddress,
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }
}
