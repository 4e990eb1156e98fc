using System.Buffers.Text;
using System.Net;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>
/// A cheap incremental SSE reader: splits the byte stream into lines, counts events (frames with at
/// least one <c>data:</c> line, ended by a blank line; comments do not count) and, when asked, reads
/// the <c>"ts":</c> number of each event to compute its delivery latency. LF line ends only, which
/// is what every peer writes.
/// </summary>
internal sealed class SseEventParser
{
    private static ReadOnlySpan<byte> DataField => "data:"u8;
    private static ReadOnlySpan<byte> TsField => "\"ts\":"u8;
    private static ReadOnlySpan<byte> SeqField => "\"seq\":"u8;

    private byte[] _carry = new byte[512];
    private int _carryLength;
    private bool _hasData;
    private long _pendingTs;

    public long Events { get; private set; }

    /// <summary>Fan-out (with <see cref="Latencies"/>): the last <c>"seq":</c> read, -1 before the first.</summary>
    public long LastSeq { get; private set; } = -1;

    /// <summary>Fan-out: events whose <c>seq</c> was not above the one before (a duplicate or a reordering; gaps are allowed).</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>The first data line received, kept to check the payload.</summary>
    public string? FirstData { get; private set; }

    /// <summary>When set, the latency (µs) of every event completed while <c>record</c> is true.</summary>
    public List<int>? Latencies { get; init; }

    public void Feed(ReadOnlySpan<byte> chunk, long nowMicros, bool record)
    {
        while (!chunk.IsEmpty)
        {
            var lineEnd = chunk.IndexOf((byte)'\n');
            if (lineEnd < 0)
            {
                Carry(chunk);
                return;
            }

            if (_carryLength > 0)
            {
                Carry(chunk[..lineEnd]);
                Line(_carry.AsSpan(0, _carryLength), nowMicros, record);
                _carryLength = 0;
            }
            else
            {
                Line(chunk[..lineEnd], nowMicros, record);
            }

            chunk = chunk[(lineEnd + 1)..];
        }
    }

    private void Line(ReadOnlySpan<byte> line, long nowMicros, bool record)
    {
        if (line.IsEmpty)
        {
            if (_hasData)
            {
                Events++;
                if (record && Latencies is not null && _pendingTs > 0)
                {
                    Latencies.Add((int)Math.Clamp(nowMicros - _pendingTs, 0, int.MaxValue));
                }
            }

            _hasData = false;
            _pendingTs = 0;
            return;
        }

        if (!line.StartsWith(DataField))
        {
            return;
        }

        _hasData = true;
        FirstData ??= Encoding.UTF8.GetString(line);
        if (Latencies is not null)
        {
            var at = line.IndexOf(TsField);
            if (at >= 0 && Utf8Parser.TryParse(line[(at + TsField.Length)..], out long ts, out _))
            {
                _pendingTs = ts;
            }

            var seqAt = line.IndexOf(SeqField);
            if (seqAt >= 0 && Utf8Parser.TryParse(line[(seqAt + SeqField.Length)..], out long seq, out _))
            {
                if (seq <= LastSeq)
                {
                    OutOfOrder++;
                }

                LastSeq = seq;
            }
        }
    }

    private void Carry(ReadOnlySpan<byte> bytes)
    {
        if (_carryLength + bytes.Length > _carry.Length)
        {
            Array.Resize(ref _carry, Math.Max(_carry.Length * 2, _carryLength + bytes.Length));
        }

        bytes.CopyTo(_carry.AsSpan(_carryLength));
        _carryLength += bytes.Length;
    }
}

internal static class Clients
{
    /// <summary>A loopback HTTP/1.1 client with no limit on connections per server.</summary>
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(30),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };
}

/// <summary>
/// Many concurrent SSE streams against one URL: each is opened (a bounded number connecting at
/// once), read until the set is disposed, and counts as ready once its first event arrived.
/// </summary>
internal sealed class ConnectionSet : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SseEventParser[] _parsers;
    private readonly Task[] _tasks;
    private readonly SemaphoreSlim _connectGate;
    private int _ready;
    private int _failed;
    private volatile bool _recording;
    private Exception? _firstError;

    public ConnectionSet(HttpClient client, Uri url, int count, int connectConcurrency, bool trackLatency)
    {
        _connectGate = new SemaphoreSlim(connectConcurrency);
        _parsers = new SseEventParser[count];
        _tasks = new Task[count];
        for (var i = 0; i < count; i++)
        {
            _parsers[i] = new SseEventParser { Latencies = trackLatency ? new List<int>(1024) : null };
        }

        for (var i = 0; i < count; i++)
        {
            var parser = _parsers[i];
            _tasks[i] = Task.Run(() => ReadAsync(client, url, parser));
        }
    }

    public int Count => _parsers.Length;

    public int Ready => Volatile.Read(ref _ready);

    public int Failed => Volatile.Read(ref _failed);

    public Exception? FirstError => _firstError;

    /// <summary>While true, every event completed is recorded with its latency.</summary>
    public bool Recording
    {
        get => _recording;
        set => _recording = value;
    }

    public IEnumerable<SseEventParser> Parsers => _parsers;

    /// <summary>Waits until every stream got its first event; fails the harness on a timeout or an error.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Ready < Count)
        {
            if (Failed > 0)
            {
                throw new HarnessException($"{what}: {Failed} of {Count} streams failed; first error: {_firstError?.GetBaseException().Message}", _firstError);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new HarnessException($"{what}: only {Ready} of {Count} streams got their first event within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(20);
        }
    }

    private async Task ReadAsync(HttpClient client, Uri url, SseEventParser parser)
    {
        var token = _stop.Token;
        var ready = false;
        try
        {
            using (var response = await GatedConnect.GetAsync(client, url, _connectGate, token))
            {
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync(token);
                var buffer = new byte[4096];
                while (true)
                {
                    var read = await stream.ReadAsync(buffer, token);
                    if (read == 0)
                    {
                        throw new HarnessException($"{url} ended the stream early.");
                    }

                    parser.Feed(buffer.AsSpan(0, read), WallClock.NowMicros(), _recording);
                    if (!ready && parser.Events > 0)
                    {
                        ready = true;
                        Interlocked.Increment(ref _ready);
                    }
                }
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Disposed: the measurement is over.
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _firstError, ex, null);
            Interlocked.Increment(ref _failed);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks);
        _stop.Dispose();
        _connectGate.Dispose();
    }
}
