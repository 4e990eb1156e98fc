using System.Threading;

namespace SseGen.Infrastructure;

/// <summary>An endpoint's count of open streams and the throttle of its "limit reached" log lines.</summary>
internal sealed class SseStreamGate
{
    private int _open;

    public SseStreamGate(SseLogThrottle refusals) => Refusals = refusals;

    public SseLogThrottle Refusals { get; }

    public int Open => Volatile.Read(ref _open);

    public bool TryEnter(int max)
    {
        if (Interlocked.Increment(ref _open) <= max)
        {
            return true;
        }

        Interlocked.Decrement(ref _open);
        return false;
    }

    public void Leave() => Interlocked.Decrement(ref _open);
}
