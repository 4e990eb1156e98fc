using System.Globalization;
using System.Runtime.CompilerServices;

namespace SseGen.Sample;

/// <summary>
/// A stream only a caller with the bearer token may read: what a browser's EventSource cannot open
/// (it sends no request headers), and the TypeScript client can (README, "Reading a stream from TypeScript").
/// </summary>
public static class PrivateEndpoints
{
    public const string PathPrefix = "/private";

    /// <summary>The token when configuration sets none (--Sample:BearerToken=...): a demo, not a secret.</summary>
    public const string DefaultToken = "sample-token";

    /// <summary>Text events named "secret", one every half second, for a caller the check let through.</summary>
    [SseEndpoint("/private/secrets", EventName = "secret")]
    public static async IAsyncEnumerable<string> Secrets(TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        var count = 0;
        do
        {
            yield return "secret " + (++count).ToString(CultureInfo.InvariantCulture);
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    /// <summary>
    /// Answers 401 before any stream under <see cref="PathPrefix"/> starts unless the request carries
    /// <c>Authorization: Bearer &lt;token&gt;</c>; a status sent after the stream began could not be.
    /// </summary>
    public static IApplicationBuilder UseBearerTokenForPrivateStreams(this IApplicationBuilder app, string token)
    {
        var expected = "Bearer " + token;
        return app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix, StringComparison.Ordinal)
                && !string.Equals(context.Request.Headers.Authorization.ToString(), expected, StringComparison.Ordinal))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                return Task.CompletedTask;
            }

            return next(context);
        });
    }
}
