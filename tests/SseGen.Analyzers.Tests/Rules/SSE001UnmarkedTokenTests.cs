using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using SSE001 = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.MissingEnumeratorCancellationAnalyzer,
    SseGen.CodeFixes.MissingEnumeratorCancellationCodeFixProvider>;
using SSE002 = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.TokenNotForwardedAnalyzer,
    SseGen.CodeFixes.TokenNotForwardedCodeFixProvider>;
using SSE004 = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnobservedEndlessLoopAnalyzer,
    SseGen.CodeFixes.UnobservedEndlessLoopCodeFixProvider>;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// A <c>CancellationToken</c> parameter without <c>[EnumeratorCancellation]</c>: the generated code
/// binds it to the request's token, so SSE001's message says so, and SSE002/SSE004 forward it.
/// </summary>
public sealed class SSE001UnmarkedTokenTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        """;

    [Fact]
    public async Task SSE001_message_says_the_parameter_gets_the_request_token()
    {
        var test = new SSE001.Test
        {
            TestCode = Usings + """
                public static class Quotes
                {
                    [SseEndpoint("/quotes")]
                    public static async IAsyncEnumerable<int> {|CS8425:Stream|}(CancellationToken {|#0:ct|})
                    {
                        await Task.Delay(100, ct);
                        yield return 1;
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE001", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
            "'ct' receives the request's token from SseGen, but without [EnumeratorCancellation] a token passed to the enumerator of SSE endpoint 'Stream' (WithCancellation, GetAsyncEnumerator) never reaches it"));
        await test.RunAsync();
    }

    [Fact]
    public async Task SSE001_message_for_an_endpoint_without_any_token_is_unchanged()
    {
        var test = new SSE001.Test
        {
            TestCode = Usings + """
                public static class Quotes
                {
                    [SseEndpoint("/quotes")]
                    public static async IAsyncEnumerable<int> {|#0:Stream|}()
                    {
                        await Task.Yield();
                        yield return 1;
                    }
                }
                """,
        };
        test.ExpectedDiagnostics.Add(new DiagnosticResult("SSE001", DiagnosticSeverity.Warning).WithLocation(0).WithMessage(
            "SSE endpoint 'Stream' has no CancellationToken parameter marked [EnumeratorCancellation], so a client disconnect cannot stop it"));
        await test.RunAsync();
    }

    [Fact]
    public Task SSE002_forwards_the_unmarked_token() => SSE002.VerifyCodeFixAsync(Usings + """
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTimeOffset> {|CS8425:Stream|}(CancellationToken ct)
            {
                for (var i = 0; i < 10; i++)
                {
                    await {|SSE002:Task.Delay(1000)|};
                    yield return DateTimeOffset.UtcNow;
                }
            }
        }
        """, Usings + """
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTimeOffset> {|CS8425:Stream|}(CancellationToken ct)
            {
                for (var i = 0; i < 10; i++)
                {
                    await Task.Delay(1000, ct);
                    yield return DateTimeOffset.UtcNow;
                }
            }
        }
        """);

    [Fact]
    public Task SSE004_checks_the_unmarked_token() => SSE004.VerifyCodeFixAsync(Usings + """
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTimeOffset> {|CS8425:Stream|}(CancellationToken ct)
            {
                {|SSE004:while|} (true)
                {
                    await Task.Delay(1000);
                    yield return DateTimeOffset.UtcNow;
                }
            }
        }
        """, Usings + """
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTimeOffset> {|CS8425:Stream|}(CancellationToken ct)
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    await Task.Delay(1000);
                    yield return DateTimeOffset.UtcNow;
                }
            }
        }
        """);

    [Fact]
    public Task Without_any_token_SSE002_stays_quiet() => SSE002.VerifyAnalyzerAsync(Usings + """
        public static class Clock
        {
            [SseEndpoint("/clock")]
            public static async IAsyncEnumerable<DateTimeOffset> Stream()
            {
                await Task.Delay(1000);
                yield return DateTimeOffset.UtcNow;
            }
        }
        """);
}
