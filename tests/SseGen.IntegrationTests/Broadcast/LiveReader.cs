using System.Net;
using System.Net.ServerSentEvents;

namespace SseGen.IntegrationTests.Broadcast;

/// <summary>An open stream read in the background through <see cref="SseParser"/>; tests wait on what it has read.</summary>
public sealed class LiveReader : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _cts;
    private readonly List<SseItem<string>> _events = [];
    private Task _reading;
    private readonly Stream _stream;

    private LiveReader(HttpResponseMessage response, Stream stream, CancellationTokenSource cts, bool startReading)
    {
        _response = response;
        _stream = stream;
        _cts = cts;
        _reading = startReading ? Task.Run(ReadAsync) : Task.CompletedTask;
    }

    public HttpStatusCode Status => _response.StatusCode;

    /// <summary>Set once the server ended the stream.</summary>
    public bool Ended { get; private set; }

    public string? LastEventId { get; private set; }

    public List<SseItem<string>> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    public static async Task<LiveReader> OpenAsync(HttpClient client, string path, string? lastEventId = null, bool read = true)
    {
        var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var response = await SseClient.OpenAsync(client, path, cts.Token, r =>
        {
            if (lastEventId is not null)
            {
                r.Headers.Add("Last-Event-ID", lastEventId);
            }
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stream = await response.Content.ReadAsStreamAsync(cts.Token);
        return new LiveReader(response, stream, cts, read);
    }

    /// <summary>Starts reading a stream opened with <c>read: false</c>.</summary>
    public void StartReading() => _reading = Task.Run(ReadAsync);

    public async Task WaitForAsync(Func<List<SseItem<string>>, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TestServer.Timeout;
        while (!done(Events))
        {
            if (DateTime.UtcNow > deadline || (Ended && !done(Events)))
            {
                Assert.Fail($"Waited for {what}; got {Events.Count} events (ended: {Ended}): " + string.Join(" | ", Events.TakeLast(5).Select(e => $"{e.EventType} {e.EventId} {e.Data}")));
            }

            await Task.Delay(10);
        }
    }

    public async Task WaitForEndAsync()
    {
        await _reading.WaitAsync(TestServer.Timeout);
        Assert.True(Ended, "The server did not end the stream.");
    }

    private async Task ReadAsync()
    {
        try
        {
            var parser = SseParser.Create(_stream);
            await foreach (var item in parser.EnumerateAsync(_cts.Token))
            {
                lock (_events)
                {
                    _events.Add(item);
                }

                LastEventId = parser.LastEventId;
            }

            Ended = true;
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (HttpRequestException)
        {
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
