using System;
using System.Buffers;
using System.Buffers.Text;
using System.ComponentModel;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SseGen.Infrastructure;

/// <summary>
/// Writes SSE frames (<c>event:</c>, <c>id:</c>, <c>retry:</c>, <c>data:</c> lines and the blank
/// line that ends an event) into one response's <see cref="PipeWriter"/>, or into a buffer (a
/// broadcast channel frames each published item once into its own). One instance per output, used by
/// one writer at a time; it owns a reusable <see cref="Utf8JsonWriter"/>, so writing an event
/// allocates nothing.
/// </summary>
/// <remarks>
/// A frame is validated before its first byte is written: an event name with a line break, or an
/// id with any character outside visible ASCII (0x21-0x7E, what a client can send back in
/// <c>Last-Event-ID</c>), throws <see cref="SseFormatException"/> and nothing of that frame reaches the wire.
/// Frames are written into one span of the output at a time, which is committed (one
/// <c>Advance</c>) at the end of every frame; a stream loop that flushes the pipe itself can
/// defer that to <see cref="Commit"/>, so a burst costs one <c>GetMemory</c>/<c>Advance</c> pair per
/// buffer segment instead of three per event (each takes a lock in Kestrel's response writer).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SseFrameWriter
{
    private static ReadOnlySpan<byte> EventField => "event: "u8;
    private static ReadOnlySpan<byte> IdField => "id: "u8;
    private static ReadOnlySpan<byte> RetryField => "retry: "u8;
    private static ReadOnlySpan<byte> DataField => "data: "u8;
    private static ReadOnlySpan<byte> KeepAliveComment => ": keep-alive\n\n"u8;

    // What to ask the output for when the current span is used up: most pipes hand out the rest
    // of their segment (Kestrel: up to 4 KiB), which holds dozens of small events.
    private const int MinimumSpan = 512;

    private readonly SseDataLineWriter _data;
    private readonly JsonWriterOptions _jsonWriterOptions;
    private Utf8JsonWriter? _json;
    private long _unflushed;

    // The output's span being filled, and how much of it is written but not yet committed (advanced).
    private Memory<byte> _span;
    private int _uncommitted;

    /// <summary>Creates a frame writer over a response pipe.</summary>
    /// <param name="pipe">The response body writer.</param>
    /// <param name="jsonWriterOptions">Options for the JSON writer, taken from the app's serializer options.</param>
    public SseFrameWriter(PipeWriter pipe, JsonWriterOptions jsonWriterOptions = default)
        : this(pipe ?? throw new ArgumentNullException(nameof(pipe)), pipe, jsonWriterOptions)
    {
    }

    /// <summary>A writer with no response behind it: frames go to <paramref name="buffer"/> (a broadcast channel frames each item once this way).</summary>
    internal SseFrameWriter(IBufferWriter<byte> buffer, JsonWriterOptions jsonWriterOptions)
        : this(null, buffer, jsonWriterOptions)
    {
    }

    private SseFrameWriter(PipeWriter? pipe, IBufferWriter<byte> output, JsonWriterOptions jsonWriterOptions)
    {
        _pipe = pipe;
        Output = output;
        _jsonWriterOptions = jsonWriterOptions;
        _data = new SseDataLineWriter(this);
    }

    private readonly PipeWriter? _pipe;

    internal PipeWriter Pipe => _pipe ?? throw new InvalidOperationException("This frame writer writes to a buffer, not a response.");

    /// <summary>
    /// When true, frames stay in the current span past their end until <see cref="Commit"/>: for a
    /// caller that commits before every flush (the stream loop). When false (the default), every
    /// frame is committed to the output as soon as it is complete.
    /// </summary>
    internal bool DeferCommit { get; set; }

    /// <summary>Where frames go: the pipe, or a side buffer while an event may still be refused.</summary>
    internal IBufferWriter<byte> Output { get; private set; }

    /// <summary>Sends the following frames to <paramref name="buffer"/> instead of the pipe.</summary>
    internal void BeginBuffering(ArrayBufferWriter<byte> buffer)
    {
        Commit();
        buffer.ResetWrittenCount();
        Output = buffer;
    }

    /// <summary>Writes to the pipe again; <paramref name="buffer"/> keeps what was framed aside.</summary>
    internal void EndBuffering(ArrayBufferWriter<byte> buffer)
    {
        // Whatever the frame got to write, complete or not, belongs to the side buffer.
        Commit();
        _unflushed -= buffer.WrittenCount;
        Output = Pipe;
    }

    /// <summary>Advances the output past every byte written so far; call it before flushing the pipe.</summary>
    internal void Commit()
    {
        if (_uncommitted > 0)
        {
            Output.Advance(_uncommitted);
        }

        _uncommitted = 0;
        _span = default;
    }

    /// <summary>
    /// A span of at least <paramref name="sizeHint"/> bytes (at least one) after what is written:
    /// the rest of the current span, or, when that is too short, a new one from the output after
    /// committing the current.
    /// </summary>
    internal Memory<byte> GetMemory(int sizeHint)
    {
        var needed = Math.Max(sizeHint, 1);
        if (_span.Length - _uncommitted < needed)
        {
            Commit();
            _span = Output.GetMemory(Math.Max(needed, MinimumSpan));
        }

        return _span.Slice(_uncommitted);
    }

    /// <summary>Bytes written since the last <see cref="MarkFlushed"/>.</summary>
    public long UnflushedBytes => _unflushed;

    /// <summary>Resets <see cref="UnflushedBytes"/> after the caller flushed the pipe.</summary>
    public void MarkFlushed() => _unflushed = 0;

    /// <summary>Writes one event whose payload is <paramref name="value"/> serialized as JSON.</summary>
    public void WriteJsonEvent<T>(T value, JsonTypeInfo<T> typeInfo, string? eventType = null, string? id = null, TimeSpan? retry = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        WriteHeaderFields(eventType, id, retry);
        BeginData();
        var json = _json;
        if (json is null)
        {
            json = _json = new Utf8JsonWriter(_data, _jsonWriterOptions);
        }
        else
        {
            json.Reset(_data);
        }

        try
        {
            JsonSerializer.Serialize(json, value, typeInfo);
        }
        catch
        {
            // What the frame wrote before the serializer threw is committed, as it was when every
            // write was advanced at once: the span must not outlive its output's state (a broadcast
            // channel resets its buffer before the next frame; the stream loop ends the stream).
            EndFrame();
            throw;
        }

        EndData();
        EndFrame();
    }

    /// <summary>Writes one event whose payload is <paramref name="text"/> as it is (UTF-8).</summary>
    public void WriteTextEvent(string? text, string? eventType = null, string? id = null, TimeSpan? retry = null)
    {
        WriteHeaderFields(eventType, id, retry);
        BeginData();
        if (!string.IsNullOrEmpty(text))
        {
            Encoding.UTF8.GetBytes(text.AsSpan(), _data);
        }

        EndData();
        EndFrame();
    }

    /// <summary>Writes one event whose payload is <paramref name="utf8"/> as it is (already serialized elsewhere, say by another instance).</summary>
    internal void WriteUtf8Event(ReadOnlySpan<byte> utf8, string? eventType, string? id)
    {
        WriteHeaderFields(eventType, id, retry: null);
        BeginData();
        _data.Write(utf8);
        EndData();
        EndFrame();
    }

    /// <summary>Writes a <c>retry:</c> field on its own, ended as a frame.</summary>
    public void WriteRetry(TimeSpan retry)
    {
        SseFieldRules.ThrowIfInvalid(eventType: null, id: null, retry);
        WriteRetryField(retry);
        WriteRaw("\n"u8);
        EndFrame();
    }

    /// <summary>Writes a keep-alive comment; comments are ignored by clients.</summary>
    public void WriteKeepAlive()
    {
        WriteRaw(KeepAliveComment);
        EndFrame();
    }

    /// <summary>Writes bytes that are already one or more complete frames.</summary>
    internal void WriteFrames(ReadOnlySpan<byte> frames)
    {
        WriteRaw(frames);
        EndFrame();
    }

    private void EndFrame()
    {
        if (!DeferCommit)
        {
            Commit();
        }
    }

    private void WriteHeaderFields(string? eventType, string? id, TimeSpan? retry)
    {
        // Validate everything first, so a refused frame leaves no partial bytes behind.
        SseFieldRules.ThrowIfInvalid(eventType, id, retry);

        if (!string.IsNullOrEmpty(eventType) && eventType != "message")
        {
            WriteRaw(EventField);
            WriteUtf8(eventType);
            WriteRaw("\n"u8);
        }

        if (id is not null)
        {
            WriteRaw(IdField);
            WriteUtf8(id);
            WriteRaw("\n"u8);
        }

        if (retry is { } interval)
        {
            WriteRetryField(interval);
        }
    }

    private void WriteRetryField(TimeSpan retry)
    {
        WriteRaw(RetryField);
        var span = GetMemory(24).Span;
        Utf8Formatter.TryFormat((long)retry.TotalMilliseconds, span, out var written);
        Advance(written);
        WriteRaw("\n"u8);
    }

    private void BeginData()
    {
        WriteRaw(DataField);
        _data.BeginPayload();
    }

    private void EndData() => WriteRaw("\n\n"u8);

    private void WriteUtf8(string value)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var span = GetMemory(max).Span;
        var written = Encoding.UTF8.GetBytes(value, span);
        Advance(written);
    }

    internal void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        var span = GetMemory(bytes.Length).Span;
        bytes.CopyTo(span);
        Advance(bytes.Length);
    }

    /// <summary>Marks <paramref name="count"/> bytes of the span from <see cref="GetMemory"/> as written.</summary>
    internal void Advance(int count)
    {
        _uncommitted += count;
        _unflushed += count;
    }
}
