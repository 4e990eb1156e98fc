using System;
using System.ComponentModel;
using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>
/// One request's place among an endpoint's open streams (<see cref="SseStreamLimitAttribute"/>),
/// taken by <see cref="SseEndpointHost.EnterStream"/> before the request is bound and before any
/// user code runs, and given back by <see cref="Dispose"/> on every path. A struct with no state
/// for an endpoint without a limit, so it costs nothing there.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct SseStreamSlot : IDisposable
{
    private readonly SseStreamGate? _gate;
    private readonly SseStreamLimitAttribute? _refusedBy;

    /// <param name="gate">The endpoint's count (and refusal log).</param>
    /// <param name="refusedBy">Null when the place was taken; else the limit that refused it.</param>
    internal SseStreamSlot(SseStreamGate gate, SseStreamLimitAttribute? refusedBy)
    {
        _gate = gate;
        _refusedBy = refusedBy;
    }

    /// <summary>False when the endpoint was at its limit: answer with <see cref="SseEndpointHost.WriteStreamLimitAsync"/> and do nothing else.</summary>
    public bool Entered => _refusedBy is null;

    /// <summary>The limit that refused the request; null when it was entered.</summary>
    internal SseStreamLimitAttribute? RefusedBy => _refusedBy;

    internal SseStreamGate? Gate => _gate;

    /// <summary>Gives the place back (nothing to give for a refused request or an endpoint without a limit).</summary>
    public void Dispose()
    {
        if (_refusedBy is null)
        {
            _gate?.Leave();
        }
    }
}
