using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseGen.Benchmarks;

/// <summary>
/// The client side of the idle-scale scenario, run as a process of its own
/// (<c>SseGen.Benchmarks.dll --idle-worker URL SOURCE,SOURCE,…</c>) so that no process holds more
/// than a few thousand sockets. Every connection binds its local end to one of the given loopback
/// addresses (127.0.0.N, port 0), in turn, so no source address runs out of ephemeral ports.
/// Commands on stdin, one answer line each on stdout:
/// <c>OPEN n</c> (open streams until n are open, answer once each got its first event),
/// <c>MARK</c> (start a gap window), <c>GAPS</c> (every stream's longest silence since the mark,
/// the time since its last byte included); READY and GAPS also give the worker's RSS; end of stdin: close every socket with a reset (no
/// TIME_WAIT left for the next peer) and exit.
/// </summary>
internal static class IdleWorker
{
    private const int ConnectConcurrency = 100;

    public static async Task<int> RunAsync(Uri url, IReadOnlyList<IPAddress> sources)
    {
        var sockets = new List<Socket>();
        var next = 0;
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(60),
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(sources[(int)((uint)Interlocked.Increment(ref next) % (uint)sources.Count)], 0));
                    await socket.ConnectAsync(context.DnsEndPoint, token);
                    lock (sockets)
                    {
                        sockets.Add(socket);
                    }

                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        using var gate = new SemaphoreSlim(ConnectConcurrency);
        using var stop = new CancellationTokenSource();
        var streams = new List<IdleStream>();
        var tasks = new List<Task>();

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"READY {CollectedWorkingSet()}"));
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts.FirstOrDefault())
            {
                case "OPEN":
                    var target = int.Parse(parts[1], CultureInfo.InvariantCulture);
                    var clock = Stopwatch.StartNew();
                    var opened = new List<IdleStream>();
                    while (streams.Count < target)
                    {
                        var stream = new IdleStream();
                        streams.Add(stream);
                        opened.Add(stream);
                        tasks.Add(Task.Run(() => stream.RunAsync(client, url, gate, stop.Token)));
                    }

                    // Every new stream has its first event, or has failed; 180 s is far beyond any open seen here.
                    var deadline = Stopwatch.StartNew();
                    while (opened.Any(s => !s.Ready && s.Error is null && !s.Closed) && deadline.Elapsed < TimeSpan.FromSeconds(180))
                    {
                        await Task.Delay(10);
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OPENED {streams.Count(s => s.Ready && !s.Closed && s.Error is null)} {clock.Elapsed.TotalMilliseconds:0} {Summary(streams)}"));
                    break;
                case "MARK":
                    foreach (var s in streams)
                    {
                        s.Mark();
                    }

                    Console.WriteLine("MARKED");
                    break;
                case "GAPS":
                    var end = Stopwatch.GetTimestamp();
                    var gaps = new StringBuilder();
                    foreach (var s in streams)
                    {
                        gaps.Append(gaps.Length == 0 ? "" : ",").Append(((long)s.LongestGap(end).TotalMilliseconds).ToString(CultureInfo.InvariantCulture));
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GAPS {Summary(streams)} {CollectedWorkingSet()} {gaps}"));
                    break;
                default:
                    Console.WriteLine($"ERROR unknown command {line}");
                    break;
            }
        }

        // Reset every connection: a FIN would leave thousands of TIME_WAIT sockets on these source
        // addresses, and the next peer's run would find their ports taken.
        await stop.CancelAsync();
        lock (sockets)
        {
            foreach (var socket in sockets)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    // Already closed.
                }
            }
        }

        await Task.WhenAll(tasks);
        return 0;
    }

    /// <summary>This worker's resident set after a full blocking GC: what its streams cost the client side.</summary>
    private static long CollectedWorkingSet()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Environment.WorkingSet;
    }

    /// <summary>"open closed failed firstError": streams open now, closed by the server, failed.</summary>
    private static string Summary(List<IdleStream> streams)
    {
        var closed = streams.Count(s => s.Closed);
        var failed = streams.Count(s => s.Error is not null);
        var error = streams.FirstOrDefault(s => s.Error is not null)?.Error?.GetBaseException().Message.ReplaceLineEndings(" ").Replace(' ', '_') ?? "-";
        return string.Create(CultureInfo.InvariantCulture, $"{streams.Count - closed - failed} {closed} {failed} {error}");
    }
}
