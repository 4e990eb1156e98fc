using System;
using System.Buffers;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SseGen.Infrastructure;

/// <summary>
/// One stream's HTTP response, and the only owner of whether the stream has started: its status and
/// headers (200, <c>text/event-stream</c>, set with the first event or when the producer first has
/// to wait), 204 for a producer that ended before anything was sent, 500 for one that failed before,
/// and aborting the response of a client that stopped reading.
/// </summary>
internal sealed class SseStreamResponse
{
    private readonly HttpContext _context;
    private readonly SseFrameWriter _frame;
    private readonly TimeSpan? _retry;

    public SseStreamResponse(HttpContext context, SseFrameWriter frame, TimeSpan? retry)
    {
        _context = context;
        _frame = frame;
        _retry = retry;
    }

    /// <summary>
    /// Whether the stream has started: status 200 and the headers are set and <c>retry:</c> is
    /// framed, so the body is the event stream from here on, even while nothing is flushed yet.
    /// </summary>
    public bool IsStarted { get; private set; }

    /// <summary>Whether the status and headers are on the wire (the server reports that only after the first flush).</summary>
    public bool HeadersSent => _context.Response.HasStarted;

    /// <summary>Whether nothing of the stream was written, so the status may still be an error.</summary>
    public bool CanAnswerError => !IsStarted && !_context.Response.HasStarted;

    public bool ClientGone => _context.RequestAborted.IsCancellationRequested;

    /// <summary>Sets status 200 and the stream's headers, and frames <c>retry:</c> when the app sends one.</summary>
    public void Start()
    {
        var response = _context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        // Response compression middleware leaves a response alone once it has a Content-Encoding.
        response.Headers.ContentEncoding = "identity";
        _context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        if (_retry is { } retry)
        {
            _frame.WriteRetry(retry);
        }

        IsStarted = true;
    }

    /// <summary>
    /// Starts the stream with its first event, framed aside before anything reaches the response:
    /// an event that is refused or fails to serialize throws with the status still free for a 500.
    /// </summary>
    public void StartWith<T>(SseItemFormatter<T> formatter, T item)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        _frame.BeginBuffering(buffer);
        try
        {
            formatter.Write(_frame, item);
        }
        finally
        {
            _frame.EndBuffering(buffer);
        }

        Start();
        _frame.WriteFrames(buffer.WrittenSpan);
    }

    /// <summary>The producer ended before the stream started: 204 tells an EventSource to stop reconnecting.</summary>
    public void AnswerNoContent() => _context.Response.StatusCode = StatusCodes.Status204NoContent;

    /// <summary>500 ProblemDetails; only while <see cref="CanAnswerError"/>.</summary>
    public Task AnswerServerErrorAsync() => SseProblem.WriteServerErrorAsync(_context);

    /// <summary>
    /// Ends this response at once: the request's abort token fires, and with it the producer's. On
    /// HTTP/1.1 Kestrel closes the connection; on HTTP/2 it resets only this stream (RST_STREAM
    /// INTERNAL_ERROR) and the connection's other streams go on (tests/SseGen.IntegrationTests/Http2).
    /// </summary>
    public void Abort() => _context.Abort();
}
