using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;

namespace SseGen.Sample;

public static class StreamEndpoints
{
    /// <summary>
    /// Typed JSON events named "quote" with ids: the browser resumes after a reconnect by sending
    /// the last id it saw, and the stream continues from the next tick.
    /// </summary>
    [SseEndpoint("/quotes/{symbol}")]
    public static async IAsyncEnumerable<SseItem<Quote>> Quotes(
        string symbol,
        QuoteFeed feed,
        StreamStats stats,
        [FromHeader(Name = "Last-Event-ID")] long? lastEventId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        stats.StreamOpened();
        try
        {
            await foreach (var quote in feed.Subscribe(symbol.ToUpperInvariant(), lastEventId ?? 0, cancellationToken))
            {
                yield return new SseItem<Quote>(quote, "quote") { EventId = quote.Sequence.ToString(CultureInfo.InvariantCulture) };
            }
        }
        finally
        {
            // Runs when the client goes away: SseGen cancels the token and disposes the stream.
            stats.StreamClosed();
        }
    }

    /// <summary>Plain text events: the server's clock once a second.</summary>
    [SseEndpoint("/clock", EventName = "tick")]
    public static async IAsyncEnumerable<string> Clock(TimeProvider time, StreamStats stats, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        stats.StreamOpened();
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
            do
            {
                yield return time.GetUtcNow().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        finally
        {
            stats.StreamClosed();
        }
    }
}
