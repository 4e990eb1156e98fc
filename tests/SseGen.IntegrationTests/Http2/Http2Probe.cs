using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace SseGen.IntegrationTests.Http2;

/// <summary>What each named stream of <see cref="Http2Endpoints"/> saw: a singleton of the HTTP/2 tests' apps.</summary>
public sealed class Http2Probe
{
    private readonly ConcurrentDictionary<string, Http2StreamRecord> _streams = new();

    public Http2StreamRecord this[string name] => _streams.GetOrAdd(name, _ => new Http2StreamRecord());

    public Http2StreamRecord Opened(string name, HttpContext context)
    {
        var stream = this[name];
        stream.Protocol = context.Request.Protocol;
        stream.ConnectionId = context.Connection.Id;
        stream.TraceIdentifier = context.TraceIdentifier;
        return stream;
    }
}

/// <summary>One named stream: the protocol and connection it came on, how much it made, whether its finally ran.</summary>
public sealed class Http2StreamRecord
{
    private int _yielded;

    public string? Protocol { get; set; }

    public string? ConnectionId { get; set; }

    /// <summary>Kestrel's request id: on HTTP/2 the connection id, a colon and the stream id in hex.</summary>
    public string? TraceIdentifier { get; set; }

    /// <summary>The HTTP/2 stream id the request came on, from <see cref="TraceIdentifier"/>.</summary>
    public int StreamId => int.Parse(TraceIdentifier![(TraceIdentifier!.LastIndexOf(':') + 1)..], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    public int Yielded => Volatile.Read(ref _yielded);

    public TaskCompletionSource Finally { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void YieldedOne() => Interlocked.Increment(ref _yielded);
}
