using System.Threading.Channels;

namespace SseGen.Client.Tests;

/// <summary>
/// Servers nobody would want to meet, each a <see cref="RawServer"/> that misbehaves in one way on purpose, for the tests
/// that prove the client survives them.
/// </summary>
public static class MisbehavingServer
{
    public const string ServiceUnavailable = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

    /// <summary>A 200 event stream of <paramref name="prefix"/> and then <paramref name="bytes"/> bytes with no line break, then a close.</summary>
    public static RawServer EndlessLine(long bytes, string prefix = "data: ") => new(async (connection, stream, ct) =>
    {
        await RawServer.WriteAsync(stream, RawServer.StreamHead + prefix, ct);
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        for (var sent = 0L; sent < bytes; sent += chunk.Length)
        {
            await stream.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, bytes - sent)), ct);
        }
    });

    /// <summary>One event with <c>retry: 0</c> on the first connection, closed at once; then <paramref name="response"/> (a 503 by default) to every request.</summary>
    public static RawServer RetryZeroThen(string response = ServiceUnavailable) => new(async (connection, stream, ct) =>
        await RawServer.WriteAsync(stream, connection == 0 ? RawServer.StreamHead + "retry: 0\nid: 1\ndata: {\"n\":1}\n\n" : response, ct));

    /// <summary>
    /// A 418 whose reason phrase carries C1 controls as obs-text (Latin-1 bytes 0x85 NEL and 0x9B CSI, which HTTP
    /// allows in a reason phrase): a line break to some log readers and a terminal escape to others.
    /// </summary>
    public static RawServer HostileReasonPhrase() => new(async (connection, stream, ct) =>
        await stream.WriteAsync(System.Text.Encoding.Latin1.GetBytes("HTTP/1.1 418 tea\u0085fail: forged\u009B2J\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), ct));

    /// <summary><paramref name="body"/> on a 200 event stream, then silence with the socket open (a dead peer behind a NAT).</summary>
    public static RawServer HalfOpen(string body) => new(async (connection, stream, ct) =>
    {
        await RawServer.WriteAsync(stream, RawServer.StreamHead + body, ct);
        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>
    /// A 200 event stream that writes each text the test hands it, when the test hands it (one byte at a time makes a slow
    /// drip), with the socket open in between: the test paces the server on the client's clock.
    /// </summary>
    public static RawServer Paced(ChannelReader<string> writes) => new(async (connection, stream, ct) =>
    {
        await RawServer.WriteAsync(stream, RawServer.StreamHead, ct);
        await foreach (var text in writes.ReadAllAsync(ct))
        {
            await RawServer.WriteAsync(stream, text, ct);
        }

        await Task.Delay(Timeout.Infinite, ct);
    });

    /// <summary>
    /// <c>302</c> from every path but <paramref name="target"/> to <paramref name="location"/>; <paramref name="target"/>
    /// serves <paramref name="body"/> and closes. A location that is not the target makes a redirect loop.
    /// </summary>
    public static RawServer Redirect(string location, string target, string body) => new(async (connection, head, stream, ct) =>
    {
        var response = RawServer.RequestLine(head) == "GET " + target
            ? RawServer.StreamHead + body
            : $"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        await RawServer.WriteAsync(stream, response, ct);
    });

    /// <summary>A 200 whose content type is <paramref name="contentType"/>, with a body that would parse as events.</summary>
    public static RawServer WrongContentType(string contentType = "text/html") => new(async (connection, stream, ct) =>
        await RawServer.WriteAsync(stream, $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nConnection: close\r\n\r\nid: 1\ndata: {{\"n\":1}}\n\n", ct));

    /// <summary>
    /// <paramref name="firstBody"/> (ending in the middle of an event) and a close on the first connection;
    /// <paramref name="laterBody"/> and silence on the others.
    /// </summary>
    public static RawServer EndsMidEvent(string firstBody, string laterBody) => new(async (connection, stream, ct) =>
    {
        await RawServer.WriteAsync(stream, RawServer.StreamHead + (connection == 0 ? firstBody : laterBody), ct);
        if (connection > 0)
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
    });
}
