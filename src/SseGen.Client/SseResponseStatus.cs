using System;
using System.Net;
using System.Net.Http;

namespace SseGen.Client;

/// <summary>
/// What a response's status and content type mean for the stream: 204 ends it for good, 5xx, 408 and 429 are retried
/// (after a <c>Retry-After</c>, if any), a 2xx that is not <c>text/event-stream</c> and every other status end it with
/// an exception, since they would answer the same again.
/// </summary>
internal static class SseResponseStatus
{
    /// <summary>No Content: the server has nothing more for this client (browsers stop reconnecting too).</summary>
    public static bool IsEnd(HttpResponseMessage response) => response.StatusCode == HttpStatusCode.NoContent;

    /// <summary>5xx, 408 Request Timeout and 429 Too Many Requests may pass; every other status will answer the same again.</summary>
    public static bool IsRetryable(HttpStatusCode status) =>
        (int)status >= 500 || status == HttpStatusCode.RequestTimeout || (int)status == 429;

    public static bool IsEventStream(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is "text/event-stream";

    /// <summary>How long a retried status asked to wait (a delay, or a date on <paramref name="time"/>'s clock), if it said.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };

    public static HttpRequestException NotRetried(HttpResponseMessage response, string requestUri) =>
        new($"The SSE stream {requestUri} answered {(int)response.StatusCode} {SseLogText.Escape(response.ReasonPhrase)}; a {(int)response.StatusCode} is not retried.",
            null,
            response.StatusCode);

    public static HttpRequestException NotEventStream(HttpResponseMessage response, string requestUri) =>
        new($"The SSE stream {requestUri} answered {(int)response.StatusCode} with content type '{SseLogText.Escape(response.Content.Headers.ContentType?.ToString())}', not text/event-stream.",
            null,
            response.StatusCode);
}
