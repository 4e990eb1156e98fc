using System.Net.Http;
using System.Net.Http.Headers;

namespace SseGen.Client;

/// <summary>The request of every attempt, the first and each reconnect alike: GET, the headers a stream asks for, the id to resume after.</summary>
internal static class SseRequest
{
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

#if !NET10_0_OR_GREATER
    // Blazor WebAssembly before .NET 10 buffers a whole response unless asked to stream it; other handlers ignore it.
    private static readonly HttpRequestOptionsKey<bool> BrowserStreaming = new("WebAssemblyEnableStreamingResponse");
#endif

    /// <param name="requestUri">The address the caller gave (a redirect is followed afresh on every attempt).</param>
    /// <param name="lastEventId">Sent as <c>Last-Event-ID</c> when not empty; already checked to be sendable.</param>
    /// <param name="options">Its <see cref="SseClientOptions.ConfigureRequest"/> runs last, so the caller can change anything.</param>
    public static HttpRequestMessage Create(string requestUri, string? lastEventId, SseClientOptions options)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, requestUri);
        request.Headers.Accept.Add(EventStream);
        request.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        if (!string.IsNullOrEmpty(lastEventId))
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

#if !NET10_0_OR_GREATER
        request.Options.Set(BrowserStreaming, true);
#endif
        options.ConfigureRequest?.Invoke(request);
        return request;
    }
}
