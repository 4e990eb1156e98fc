using System;
using System.Threading;

namespace SseGen.Client;

/// <summary>
/// Cancels a connection's token (through the source it is linked to, which runs on the options' clock) when a read has
/// waited longer than the idle timeout. It runs only while a read is pending, so a consumer that takes its time over an
/// item never makes a live connection look dead.
/// </summary>
internal sealed class IdleTimer(CancellationTokenSource connection, TimeSpan timeout)
{
    private readonly bool _enabled = timeout != Timeout.InfiniteTimeSpan;

    public void Restart()
    {
        if (_enabled && !connection.IsCancellationRequested)
        {
            connection.CancelAfter(timeout);
        }
    }

    public void Stop()
    {
        if (_enabled && !connection.IsCancellationRequested)
        {
            connection.CancelAfter(Timeout.InfiniteTimeSpan);
        }
    }
}
