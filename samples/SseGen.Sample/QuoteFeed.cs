using System.Runtime.CompilerServices;

namespace SseGen.Sample;

/// <summary>
/// A deterministic fake market: the price of tick n of a symbol is a pure function of (symbol, n),
/// so a client that resumes from Last-Event-ID gets exactly the ticks it missed.
/// </summary>
public sealed class QuoteFeed(TimeProvider time)
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(500);

    public Quote At(string symbol, long sequence)
    {
        var seed = StableSeed(symbol);
        var price = 100m + seed / 10m + (decimal)Math.Round(Math.Sin(sequence / 5.0) * 5, 2);
        return new Quote(symbol, sequence, price, time.GetUtcNow());
    }

    // Not string.GetHashCode: it changes from process to process, and a restarted server must
    // price tick n exactly as the one before it did.
    private static uint StableSeed(string symbol)
    {
        uint hash = 0;
        foreach (var c in symbol)
        {
            hash = (hash * 31) + c;
        }

        return hash % 1000;
    }

    public async IAsyncEnumerable<Quote> Subscribe(string symbol, long startAfter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (var sequence = startAfter + 1; ; sequence++)
        {
            yield return At(symbol, sequence);
            await Task.Delay(Interval, time, cancellationToken);
        }
    }
}
