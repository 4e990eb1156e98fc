using System.Diagnostics;

namespace SseGen.Benchmarks;

/// <summary>
/// One idle stream of an <see cref="IdleWorker"/>: ready once its first event arrived; from then on
/// it only notes when bytes arrive (events or keep-alive comments alike) and the longest silence
/// between two arrivals since the last <see cref="Mark"/>.
/// </summary>
internal sealed class IdleStream
{
    private readonly SseEventParser _parser = new();
    private long _lastArrival;
    private long _longestGap;
    private volatile bool _ready;
    private volatile bool _closed;

    public bool Ready => _ready;

    /// <summary>The stream ended (the server closed it, or the connection broke) after its first event.</summary>
    public bool Closed => _closed;

    /// <summary>Why the stream failed before its first event; null when it did not.</summary>
    public Exception? Error { get; private set; }

    /// <summary>Starts a gap window: only silences that end after this count (one that began before it counts whole).</summary>
    public void Mark() => Interlocked.Exchange(ref _longestGap, 0);

    /// <summary>The longest silence in the window, including the one still going on at <paramref name="now"/>.</summary>
    public TimeSpan LongestGap(long now)
    {
        var last = Interlocked.Read(ref _lastArrival);
        var open = last == 0 ? 0 : now - last;
        return Stopwatch.GetElapsedTime(0, Math.Max(open, Interlocked.Read(ref _longestGap)));
    }

    public async Task RunAsync(HttpClient client, Uri url, SemaphoreSlim gate, CancellationToken token)
    {
        try
        {
            using (var response = await GatedConnect.GetAsync(client, url, gate, token))
            {
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync(token);
                // Small: thousands of these wait in a pending read at once; keep-alives are 14 bytes.
                var buffer = new byte[256];
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, token);
                    var now = Stopwatch.GetTimestamp();
                    if (read == 0)
                    {
                        break;
                    }

                    if (!_ready)
                    {
                        _parser.Feed(buffer.AsSpan(0, read), 0, record: false);
                        if (_parser.Events > 0)
                        {
                            Interlocked.Exchange(ref _lastArrival, now);
                            _ready = true;
                        }

                        continue;
                    }

                    var gap = now - Interlocked.Exchange(ref _lastArrival, now);
                    if (gap > Interlocked.Read(ref _longestGap))
                    {
                        Interlocked.Exchange(ref _longestGap, gap);
                    }
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The worker is closing every stream.
            return;
        }
        catch (Exception ex) when (!_ready)
        {
            Error = ex;
            return;
        }
        catch (Exception)
        {
            // Broken after its first event: counted as closed, like a stream the server ended.
        }

        _closed = !token.IsCancellationRequested;
    }
}
