using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SseGen.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.TokenNotForwardedAnalyzer,
    SseGen.CodeFixes.TokenNotForwardedCodeFixProvider>.Test;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// Fix All across documents and projects. The harness runs Fix All in document, project and
/// solution scope for every code-fix test; here the diagnostics are spread so each scope matters.
/// </summary>
public sealed class FixAllTests
{
    private static string Endpoint(string name, string delay) => $$"""
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        public static class {{name}}
        {
            [SseEndpoint("/{{name.ToLowerInvariant()}}")]
            public static async IAsyncEnumerable<int> Stream([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await {{delay}};
                yield return 1;
            }
        }
        """;

    [Fact]
    public async Task Fix_All_passes_the_token_in_every_document_of_every_project()
    {
        var test = new Test
        {
            TestState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", "{|SSE002:Task.Delay(1000)|}")),
                    ("Pulse.cs", Endpoint("Pulse", "{|SSE002:Task.Delay(10, default)|}")),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Ticker.cs", Endpoint("Ticker", "{|SSE002:Task.Delay(500)|}")) } },
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", "Task.Delay(1000, cancellationToken)")),
                    ("Pulse.cs", Endpoint("Pulse", "Task.Delay(10, cancellationToken)")),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Ticker.cs", Endpoint("Ticker", "Task.Delay(500, cancellationToken)")) } },
                },
            },
        };
        OtherProject.Configure(test.TestState, test.FixedState);

        await test.RunAsync(CancellationToken.None);
    }
}
