using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SseGen.Client;

/// <summary>
/// A stream across its connections, as a browser's <c>EventSource</c> keeps it: one <see cref="SseConnectionAttempt{T}"/>
/// after another, each resuming after the last event id the previous ones saw, with the wait between them chosen by
/// <see cref="ReconnectPolicy"/>. It ends when an attempt gets 204, throws what an attempt throws, and stops at once on
/// the caller's token.
/// </summary>
internal static class SseReconnectLoop
{
    public static async IAsyncEnumerable<SseItem<T>> ReadAsync<T>(
        HttpClient client, string requestUri, SseItemParser<T> itemParser, string itemTypeName, SseClientOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (client is null)
        {
            throw new ArgumentNullException(nameof(client));
        }

        if (requestUri is null)
        {
            throw new ArgumentNullException(nameof(requestUri));
        }

        var lastEventId = options.LastEventId;
        if (lastEventId is not null && !SseEventIds.IsSendable(lastEventId))
        {
            throw new ArgumentException(
                $"SseClientOptions.LastEventId \"{SseEventIds.Describe(lastEventId)}\" cannot be sent as a Last-Event-ID header: only visible ASCII (0x21-0x7E) can.",
                nameof(options));
        }

        var time = options.TimeProvider ?? TimeProvider.System;
        TimeSpan? serverRetry = null;
        var failures = 0;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lastEventId is not null && !SseEventIds.IsSendable(lastEventId))
            {
                // HttpClient would refuse the header inside SendAsync, which looks like a network error: retried for ever,
                // and the server never sees a request. Resuming without the id would replay the stream from its start.
                throw SseEventIds.Unsendable(requestUri, lastEventId);
            }

            var attempt = new SseConnectionAttempt<T>(client, requestUri, itemParser, itemTypeName, options, time, lastEventId, serverRetry);
            await foreach (var item in attempt.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }

            if (attempt.Ended)
            {
                yield break;
            }

            lastEventId = attempt.LastEventId;
            serverRetry = attempt.ServerRetry;
            cancellationToken.ThrowIfCancellationRequested();

            // Backoff counts attempts that gave nothing: a server that sends one event and drops is not failing.
            failures = attempt.Delivered ? 0 : failures + 1;
            var delay = ReconnectPolicy.Delay(options, serverRetry, attempt.RetryAfter, failures, Random.Shared.NextDouble());
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
