using SseGen.Generator.Tests.Infrastructure;

namespace SseGen.Generator.Tests;

/// <summary>The method's attributes become endpoint metadata, as minimal APIs add a handler's attributes.</summary>
public sealed class MetadataSnapshotTests
{
    [Fact]
    public void AuthorizeTagsAndEndpointName_BecomeMetadata() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Authorization;
        using SseGen;

        namespace Demo;

        public static class Secured
        {
            [SseEndpoint("/secured/quotes")]
            [Authorize(Policy = "p")]
            [Tags("a", "b")]
            [EndpointName("n")]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }

            [SseEndpoint("/secured/admin")]
            [Authorize(Roles = "admin,ops", Policy = "p", AuthenticationSchemes = "Bearer")]
            public static async IAsyncEnumerable<string> Admin([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "ok";
            }
        }
        """]);

    [Fact]
    public void AllowAnonymous_BecomesMetadata() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Authorization;
        using SseGen;

        namespace Demo;

        public static class Public
        {
            [AllowAnonymous]
            [SseEndpoint("/public/quotes")]
            public static async IAsyncEnumerable<Quote> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return new Quote("MSFT", 1m);
            }
        }
        """]);
}
