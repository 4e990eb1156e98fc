using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.EndToEndTests.Http2;

/// <summary>The page's streams: each records the protocol and connection its request came on.</summary>
public static class BrowserStreamEndpoints
{
    /// <summary>A text tick every 100 ms, for ever.</summary>
    [SseEndpoint("/h2/ticks/{n}")]
    public static async IAsyncEnumerable<string> Ticks(int n, HttpContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        context.RequestServices.GetRequiredService<BrowserStreams>().Opened(n, context);
        for (var tick = 1; ; tick++)
        {
            yield return $"{n}:{tick}";
            await Task.Delay(100, cancellationToken);
        }
    }
}

/// <summary>Which streams the server opened, with their request's protocol and connection.</summary>
public sealed class BrowserStreams
{
    public ConcurrentDictionary<int, (string Protocol, string Connection)> Open { get; } = new();

    public void Opened(int n, HttpContext context) => Open[n] = (context.Request.Protocol, context.Connection.Id);
}
