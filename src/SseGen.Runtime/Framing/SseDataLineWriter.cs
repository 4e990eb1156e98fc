using System;
using System.Buffers;
using System.IO.Pipelines;

namespace SseGen.Infrastructure;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that serializers write an event's payload into. Bytes go
/// straight into the frame writer's current span of the response <see cref="PipeWriter"/>; every CR, LF or CRLF in them becomes the
/// start of a new <c>data:</c> line, so a payload can never end the event early or start a second
/// one (no event injection).
/// </summary>
internal sealed class SseDataLineWriter : IBufferWriter<byte>
{
    private static ReadOnlySpan<byte> LineBreakThenDataField => "\ndata: "u8;

    private readonly SseFrameWriter _frame;
    private Memory<byte> _lastHanded;
    private bool _afterCarriageReturn;

    public SseDataLineWriter(SseFrameWriter frame) => _frame = frame;

    /// <summary>Forgets the line state of the previous payload.</summary>
    public void BeginPayload() => _afterCarriageReturn = false;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        _lastHanded = _frame.GetMemory(sizeHint);
        return _lastHanded;
    }

    public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public void Advance(int count)
    {
        if ((uint)count > (uint)_lastHanded.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        if (count == 0)
        {
            return;
        }

        var written = _lastHanded.Span.Slice(0, count);
        _lastHanded = default;

        // The common case: no line break, so the bytes stay where the serializer put them.
        if (written.IndexOfAny((byte)'\r', (byte)'\n') < 0)
        {
            _afterCarriageReturn = false;
            _frame.Advance(count);
            return;
        }

        // The bytes still sit in the frame writer's uncommitted span: copy them out, then write them
        // back with each line break turned into a new data line.
        var rented = ArrayPool<byte>.Shared.Rent(count);
        try
        {
            written.CopyTo(rented);
            WriteSplitting(rented.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteSplitting(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var lineBreak = bytes.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineBreak < 0)
            {
                _afterCarriageReturn = false;
                _frame.WriteRaw(bytes);
                return;
            }

            if (lineBreak > 0)
            {
                _afterCarriageReturn = false;
                _frame.WriteRaw(bytes.Slice(0, lineBreak));
            }

            var isCarriageReturn = bytes[lineBreak] == (byte)'\r';
            // The LF of a CRLF (even one split across two writes) belongs to the break already written.
            if (isCarriageReturn || !_afterCarriageReturn)
            {
                _frame.WriteRaw(LineBreakThenDataField);
            }

            _afterCarriageReturn = isCarriageReturn;
            bytes = bytes.Slice(lineBreak + 1);
        }
    }
}
