using System.Net;
using System.Net.ServerSentEvents;

namespace SseGen.IntegrationTests.Http2;

/// <summary>
/// One SSE stream over HTTP/2 (the request says 2.0, exactly: <see cref="HttpRequestMessage"/> ignores
/// the client's default version), read in the background or not at all; disposing it while the body
/// is open cancels the read, which resets the stream (RST_STREAM) and leaves the connection alone.
/// </summary>
public sealed class Http2Reader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _cts;
    private readonly Task _reading;
    private int _events;

    private Http2Reader(HttpResponseMessage response, Stream body, CancellationTokenSource cts, bool read)
    {
        _response = response;
        _cts = cts;
        _reading = read ? Task.Run(() => ReadAsync(body)) : Task.CompletedTask;
    }

    public HttpResponseMessage Response => _response;

    public int Events => Volatile.Read(ref _events);

    /// <summary>Why reading stopped before the test stopped it (the server reset the stream), if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Opens the stream; with <paramref name="read"/> false nothing of its body is ever read, so its flow-control window fills.</summary>
    public static async Task<Http2Reader> OpenAsync(HttpClient client, string path, bool read = true)
    {
        var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var response = await SseClient.OpenAsync(client, path, cts.Token, request =>
        {
            request.Version = HttpVersion.Version20;
            request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        var body = await response.Content.ReadAsStreamAsync(cts.Token);
        return new Http2Reader(response, body, cts, read);
    }

    /// <summary>Waits until this stream has read <paramref name="count"/> more events than now.</summary>
    public async Task WaitForMoreAsync(int count, string what)
    {
        var target = Events + count;
        using var timeout = new CancellationTokenSource(TestServer.Timeout);
        while (Events < target)
        {
            if (timeout.IsCancellationRequested || _reading.IsCompleted)
            {
                Assert.Fail($"{what}: {Events} events read, waited for {target}; reading {(_reading.IsCompleted ? "stopped: " + Failure?.Message : "goes on")}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    private async Task ReadAsync(Stream body)
    {
        try
        {
            await foreach (var _ in SseParser.Create(body).EnumerateAsync(_cts.Token))
            {
                Interlocked.Increment(ref _events);
            }
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            Failure = e;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _response.Dispose();
        await _reading;
        _cts.Dispose();
    }
}
