using System.Net.ServerSentEvents;
using System.Text;

namespace SseGen.IntegrationTests;

/// <summary>Real-client helpers: open a stream, read it as raw text or through <see cref="SseParser"/>, every wait bounded.</summary>
public static class SseClient
{
    /// <summary>Sends a GET and returns as soon as the headers arrived (the body is still streaming).</summary>
    public static async Task<HttpResponseMessage> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        configure?.Invoke(request);
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    /// <summary>Reads a finite stream to its end and returns its body exactly as sent (UTF-8).</summary>
    public static async Task<string> ReadRawAsync(HttpClient client, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await OpenAsync(client, path, cts.Token, configure);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync(cts.Token);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a finite stream to its end through <see cref="SseParser"/>.</summary>
    public static async Task<List<SseItem<string>>> ReadEventsAsync(HttpClient client, string path, Action<HttpRequestMessage>? configure = null)
    {
        using var cts = new CancellationTokenSource(TestServer.Timeout);
        using var response = await OpenAsync(client, path, cts.Token, configure);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        var events = new List<SseItem<string>>();
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            events.Add(item);
        }

        return events;
    }

    /// <summary>Makes CR and LF visible in assertion messages.</summary>
    public static string Show(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}

/// <summary>Reads an open response body as raw text, incrementally, every read bounded in time.</summary>
public sealed class RawStreamReader(Stream stream)
{
    private readonly StringBuilder _text = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly byte[] _buffer = new byte[16 * 1024];
    private readonly char[] _chars = new char[Encoding.UTF8.GetMaxCharCount(16 * 1024)];

    /// <summary>Everything received so far.</summary>
    public string Text => _text.ToString();

    /// <summary>True once the server ended the body.</summary>
    public bool Ended { get; private set; }

    /// <summary>Reads until <paramref name="done"/> holds for the text received so far; fails the test after <paramref name="timeout"/>.</summary>
    public async Task ReadUntilAsync(Func<string, bool> done, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!done(_text.ToString()))
        {
            if (Ended)
            {
                Assert.Fail("The stream ended before the expected text arrived. Received: " + SseClient.Show(Text));
            }

            try
            {
                await ReadOnceAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out after {timeout}. Received: " + SseClient.Show(Text));
            }
        }
    }

    /// <summary>Reads whatever arrives during <paramref name="duration"/>.</summary>
    public async Task ReadForAsync(TimeSpan duration)
    {
        using var cts = new CancellationTokenSource(duration);
        try
        {
            while (!Ended)
            {
                await ReadOnceAsync(cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads to the end of the body; fails the test after <paramref name="timeout"/>.</summary>
    public async Task ReadToEndAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (!Ended)
            {
                await ReadOnceAsync(cts.Token);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Assert.Fail($"The stream did not end within {timeout}. Received: " + SseClient.Show(Text));
        }
    }

    private async Task ReadOnceAsync(CancellationToken cancellationToken)
    {
        var read = await stream.ReadAsync(_buffer, cancellationToken);
        if (read == 0)
        {
            Ended = true;
            return;
        }

        var count = _decoder.GetChars(_buffer, 0, read, _chars, 0);
        _text.Append(_chars, 0, count);
    }
}
