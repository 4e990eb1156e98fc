namespace SseGen.Benchmarks;

/// <summary>Opens a stream's response with at most the gate's count of connections in the middle of connecting.</summary>
internal static class GatedConnect
{
    public static async Task<HttpResponseMessage> GetAsync(HttpClient client, Uri url, SemaphoreSlim gate, CancellationToken token)
    {
        await gate.WaitAsync(token);
        try
        {
            return await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, token);
        }
        finally
        {
            gate.Release();
        }
    }
}
