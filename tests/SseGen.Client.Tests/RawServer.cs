using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SseGen.Client.Tests;

/// <summary>
/// A hand-written HTTP/1.1 server on loopback: each accepted connection's request head is recorded and passed,
/// with the connection's number, to the test's handler, which writes whatever bytes it wants and may then fall
/// silent with the socket open (a half-open connection, as a dead peer behind a NAT looks).
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;

    public RawServer(Func<int, NetworkStream, CancellationToken, Task> handler)
        : this((number, _, stream, ct) => handler(number, stream, ct))
    {
    }

    /// <summary>A server whose handler also gets the request head (for the path, say).</summary>
    public RawServer(Func<int, string, NetworkStream, CancellationToken, Task> handler)
    {
        _listener.Start();
        _accepting = AcceptAsync(handler);
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Each request's head, in the order the connections came.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static Task WriteAsync(NetworkStream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    /// <summary>A 200 event-stream head; the body runs until the connection closes.</summary>
    public const string StreamHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n";

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
        }

        Task[] connections;
        lock (_connections)
        {
            connections = [.. _connections];
        }

        await Task.WhenAll(connections.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<int, string, NetworkStream, CancellationToken, Task> handler)
    {
        for (var index = 0; !_stop.IsCancellationRequested; index++)
        {
            var socket = await _listener.AcceptTcpClientAsync(_stop.Token);
            var number = index;
            lock (_connections)
            {
                _connections.Add(Task.Run(() => ServeAsync(socket, number, handler)));
            }
        }
    }

    private async Task ServeAsync(TcpClient socket, int number, Func<int, string, NetworkStream, CancellationToken, Task> handler)
    {
        using (socket)
        {
            socket.NoDelay = true; // chunks written apart arrive apart (split CRLF, BOM, multi-byte characters)
            var stream = socket.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                if (await stream.ReadAsync(buffer, _stop.Token) == 0)
                {
                    return;
                }

                head.Append((char)buffer[0]);
            }

            Requests.Enqueue(head.ToString());
            try
            {
                await handler(number, head.ToString(), stream, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Reads a request's body of <c>Content-Length</c> bytes, left on the stream after the head.</summary>
    public static async Task<string> ReadBodyAsync(string head, NetworkStream stream, CancellationToken cancellationToken)
    {
        var length = int.Parse(Header(head, "Content-Length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken);
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>The request line's method and path, such as <c>GET /s</c>.</summary>
    public static string RequestLine(string head) => head[..head.IndexOf(" HTTP/", StringComparison.Ordinal)];

    /// <summary>The value of a header in a recorded request head, or null.</summary>
    public static string? Header(string head, string name) =>
        head.Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)).Select(l => l[(name.Length + 1)..].Trim()).FirstOrDefault();
}
