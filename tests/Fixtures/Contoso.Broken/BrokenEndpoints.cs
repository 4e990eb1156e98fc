using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Mvc;
using SseGen;

namespace Contoso.Broken;

public static class BrokenEndpoints
{
    [SseEndpoint("/broken/fine")]
    public static async IAsyncEnumerable<string> Fine([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "fine";
    }

    // An SSE endpoint is a GET: a body cannot be bound (SSE103), so the generator leaves this out.
    [SseEndpoint("/broken/body")]
    public static async IAsyncEnumerable<string> Body([FromBody] string body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return body;
    }
}
