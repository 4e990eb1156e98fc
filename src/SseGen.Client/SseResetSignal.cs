namespace SseGen.Client;

/// <summary>
/// <c>reset</c>: the id the client resumed from is older than the channel's history (or from before the server restarted),
/// so the events in between are gone. Reload your state; the stream continues with events published after
/// <see cref="LatestId"/>.
/// </summary>
public sealed class SseResetSignal : SseChannelSignal
{
    internal SseResetSignal(string latestId)
        : base("reset", latestId)
    {
        LatestId = latestId;
    }

    /// <summary>
    /// The id of the newest event the server had when it answered; the stream continues after it.
    /// Empty when the server had no id to give (a Redis channel that has delivered nothing yet on that
    /// instance): the next reconnect then sends no <c>Last-Event-ID</c> and gets live events only.
    /// </summary>
    public string LatestId { get; }
}
