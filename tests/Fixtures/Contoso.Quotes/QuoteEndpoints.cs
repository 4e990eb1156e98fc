using System.Runtime.CompilerServices;
using SseGen;

namespace Contoso.Quotes;

public static class QuoteEndpoints
{
    [SseEndpoint("/quotes/{symbol}")]
    public static async IAsyncEnumerable<string> Stream(string symbol, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return $"{symbol} from Contoso.Quotes";
    }
}
