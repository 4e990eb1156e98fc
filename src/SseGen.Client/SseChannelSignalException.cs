using System;

namespace SseGen.Client;

/// <summary>
/// A broadcast channel said this client lost events (<see cref="SseResetSignal"/>, <see cref="SseMissedSignal"/>) and no
/// <see cref="SseClientOptions.OnChannelSignal"/> was set to handle it: rather than carry on with a silent gap, the
/// stream ends here.
/// </summary>
public sealed class SseChannelSignalException : Exception
{
    internal SseChannelSignalException(SseChannelSignal signal, string requestUri)
        : base(MessageFor(signal, requestUri))
    {
        Signal = signal;
    }

    /// <summary>The signal nothing handled.</summary>
    public SseChannelSignal Signal { get; }

    private static string MessageFor(SseChannelSignal signal, string requestUri)
    {
        var what = signal switch
        {
            SseResetSignal reset => $"sent 'reset': the events before id '{reset.LatestId}' that this client had not read are gone",
            SseMissedSignal missed => $"sent 'missed': {missed.Count} events were dropped because this client read too slowly",
            _ => $"sent '{signal.EventType}'",
        };
        return $"The SSE stream {requestUri} {what}. Set {nameof(SseClientOptions)}.{nameof(SseClientOptions.OnChannelSignal)} to handle it and keep reading.";
    }
}
