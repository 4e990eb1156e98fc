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

    // An authorization attribute generated code cannot name (SSE111): the method is left out, so the
    // app fails at startup rather than serve the stream without [Authorize].
    private sealed class AdminOnlyAttribute : Microsoft.AspNetCore.Authorization.AuthorizeAttribute
    {
    }

    [SseEndpoint("/broken/admin"), AdminOnly]
    public static async IAsyncEnumerable<string> Admin([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        yield return "secret";
    }
}
