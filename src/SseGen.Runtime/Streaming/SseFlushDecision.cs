namespace SseGen.Infrastructure;

/// <summary>What <see cref="SseFlushPolicy"/> says after an event was written while the producer has the next one ready.</summary>
internal enum SseFlushDecision
{
    /// <summary>Keep buffering: the next event joins this one in the same write.</summary>
    Wait,

    /// <summary>Flush: the buffered events reached <see cref="SseFlushPolicy.SizeThreshold"/>.</summary>
    Size,

    /// <summary>Flush: an event waited <see cref="SseFlushPolicy.MaxBufferDelay"/>, or the producer took that long to make one.</summary>
    Time,
}
