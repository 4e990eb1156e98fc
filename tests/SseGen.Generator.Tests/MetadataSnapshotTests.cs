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
    public void ClassAndInheritedAttributes_ComeBeforeTheMethodsOwn() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using Microsoft.AspNetCore.Authorization;
        using SseGen;

        namespace Demo;

        [AttributeUsage(AttributeTargets.Class, Inherited = false)]
        public sealed class NotInheritedAttribute : Attribute;

        [Authorize(Roles = "ops")]
        [Tags("base")]
        [NotInherited]
        public abstract class OpsBase;

        [Authorize]
        [Tags("class")]
        public sealed class Ops : OpsBase
        {
            [SseEndpoint("/ops/stream")]
            [AllowAnonymous]
            [Tags("method")]
            public async IAsyncEnumerable<string> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "ok";
            }

            // A static method belongs to the class, not to an instance: the base's attributes do not apply.
            [SseEndpoint("/ops/static")]
            public static async IAsyncEnumerable<string> Static([EnumeratorCancellation] CancellationToken cancellationToken)
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

    [Fact]
    public void ObsoleteEndpoint_IsMappedWithoutBreakingAWarningsAsErrorsBuild() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        public static class Legacy
        {
            [System.Obsolete("use /v2/quotes")]
            [SseEndpoint("/v1/quotes")]
            public static async IAsyncEnumerable<string> Quotes([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "old";
            }
        }
        """]);

    [Fact]
    public void NonFiniteAttributeArguments_AreWrittenAsNamedConstants() => GeneratedCode.Verify([Inputs.Quotes, """
        using System.Runtime.CompilerServices;
        using SseGen;

        namespace Demo;

        [System.AttributeUsage(System.AttributeTargets.Method)]
        public sealed class ThresholdAttribute(double low, float high, double exact) : System.Attribute
        {
            public double Low { get; } = low;
            public float High { get; } = high;
            public double Exact { get; } = exact;
        }

        public static class Limits
        {
            [Threshold(double.NaN, float.PositiveInfinity, -0.1)]
            [SseEndpoint("/limits")]
            public static async IAsyncEnumerable<string> Values([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Delay(10, cancellationToken);
                yield return "x";
            }
        }
        """]);
}
