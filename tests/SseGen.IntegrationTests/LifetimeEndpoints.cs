using System.Runtime.CompilerServices;

namespace SseGen.IntegrationTests;

/// <summary>Endless producers for the disconnect and shutdown tests; each reports its finally to the app's probe.</summary>
public static class LifetimeEndpoints
{
    [SseEndpoint("/lifetime/endless")]
    public static async IAsyncEnumerable<Seq> Endless(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        probe.Invoked();
        try
        {
            for (var n = 1; ; n++)
            {
                yield return new Seq(n);
                probe.YieldedOne();
                await Task.Delay(20, cancellationToken);
            }
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }

    /// <summary>Yields once, then waits on the gate (with the token) for ever.</summary>
    [SseEndpoint("/lifetime/waiting")]
    public static async IAsyncEnumerable<Seq> Waiting(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new Seq(1);
            await probe.Gate.WaitAsync(cancellationToken);
            yield return new Seq(2);
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }

#pragma warning disable SSE002 // The point of this endpoint: a producer that does not observe the token.
    /// <summary>Yields once, then waits on the gate without the token: a disconnect cannot interrupt it.</summary>
    [SseEndpoint("/lifetime/deaf")]
    public static async IAsyncEnumerable<Seq> Deaf(ScenarioProbe probe, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            yield return new Seq(1);
            await probe.Gate.WaitAsync();
            yield return new Seq(2);
        }
        finally
        {
            probe.FinallyRan.TrySetResult();
        }
    }
#pragma warning restore SSE002
}
