using System.Net.ServerSentEvents;

namespace SseGen.EndToEndTests.Infrastructure;

/// <summary>Reads the first events of an SSE endpoint with HttpClient and the BCL's SseParser.</summary>
internal static class SseHttp
{
    public static async Task<SseResponse> ReadEventsAsync(Uri baseAddress, string path, int count, string? lastEventId = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Fail($"GET {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(timeout.Token)}");
        }

        var contentType = response.Content.Headers.ContentType?.MediaType;

        var events = new List<SseItem<string>>();
        await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(timeout.Token))
        {
            events.Add(item);
            if (events.Count == count)
            {
                break;
            }
        }

        Assert.True(events.Count == count, $"GET {path} ended after {events.Count} of {count} events");
        return new SseResponse(contentType, events);
    }
}

internal sealed record SseResponse(string? ContentType, IReadOnlyList<SseItem<string>> Events);
