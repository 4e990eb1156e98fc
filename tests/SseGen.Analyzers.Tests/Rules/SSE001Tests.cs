using System.Threading.Tasks;
using SseGen.CodeFixes;
using SseGen.Generator.Analyzers;
using Xunit;
using Verify = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.MissingEnumeratorCancellationAnalyzer,
    SseGen.CodeFixes.MissingEnumeratorCancellationCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

public sealed class SSE001Tests
{
    [Fact]
    public async Task Flags_endpoint_without_any_token()
    {
        await Verify.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> {|SSE001:Stream|}()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Runtime.CompilerServices;
            using System.Threading;
            using System.Threading.Tasks;
            using SseGen;

            public static class Ticks
            {
                [SseEndpoint("/ticks")]
                public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken = default)
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await Task.Delay(1000);
                        yield return i;
                    }
                }
            }
            """);
    }
}
