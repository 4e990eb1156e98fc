using System.Collections.Generic;

namespace SseGen.Infrastructure;

/// <summary>Implemented by subscriptions whose frames a stream can copy as they are, without formatting them again.</summary>
internal interface ISseFrameSource
{
    IAsyncEnumerable<SseFrame> Frames { get; }
}
