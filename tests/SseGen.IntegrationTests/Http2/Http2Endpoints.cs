using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace SseGen.IntegrationTests.Http2;

/// <summary>
/// Named streams for the HTTP/2 tests: each reports its protocol, its connection and its
/// <c>finally</c> to the app's <see cref="Http2Probe"/> under the name in its route.
/// </summary>
public static class Http2Endpoints
{
    /// <summary>One numbered item every 20 ms, for ever.</summary>
    [SseEndpoint("/h2/ticks/{name}")]
    public static async IAsyncEnumerable<Seq> Ticks(string name, HttpContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = context.RequestServices.GetRequiredService<Http2Probe>().Opened(name, context);
        try
        {
            for (var n = 1; ; n++)
            {
                yield return new Seq(n);
                stream.YieldedOne();
                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            stream.Finally.TrySetResult();
        }
    }

    /// <summary>Always ready with 1 KB items: only the client's reading (its flow-control window) holds it back.</summary>
    [SseEndpoint("/h2/firehose/{name}")]
    public static async IAsyncEnumerable<Note> Firehose(string name, HttpContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = context.RequestServices.GetRequiredService<Http2Probe>().Opened(name, context);
        await Task.Yield();
        var text = new string('x', 1000);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stream.YieldedOne();
                yield return new Note(text);
            }
        }
        finally
        {
            stream.Finally.TrySetResult();
        }
    }
}
