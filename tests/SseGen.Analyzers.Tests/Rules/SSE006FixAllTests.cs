using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using SseGen.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.BlockingCallAnalyzer,
    SseGen.CodeFixes.BlockingCallCodeFixProvider>.Test;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>
/// SSE006's Fix All across documents and projects: the harness runs it in document, project and
/// solution scope; the blocking calls are spread (and of several kinds in one document) so each
/// scope matters.
/// </summary>
public sealed class SSE006FixAllTests
{
    private static string Endpoint(string name, string body) => $$"""
        using System.Collections.Generic;
        using System.IO;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Tasks;
        using SseGen;

        public static class {{name}}
        {
            [SseEndpoint("/{{name.ToLowerInvariant()}}")]
            public static async IAsyncEnumerable<string> Stream(Task<string> pending, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await Task.Yield();
                {{body}}
                yield return "{{name}}";
            }
        }
        """;

    [Fact]
    public async Task Fix_All_awaits_every_blocking_call_in_every_document_of_every_project()
    {
        var test = new Test
        {
            TestState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", "{|SSE006:Thread.Sleep(1000)|}; var text = {|SSE006:pending.Result|}; _ = text;")),
                    ("Files.cs", Endpoint("Files", "var text = {|SSE006:File.ReadAllText(\"a.txt\")|}; {|SSE006:pending.Wait()|}; _ = text;")),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Ticker.cs", Endpoint("Ticker", "{|SSE006:Thread.Sleep(500)|}; var text = {|SSE006:pending.GetAwaiter().GetResult()|}; _ = text;")) } },
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", "await Task.Delay(1000, cancellationToken); var text = await pending; _ = text;")),
                    ("Files.cs", Endpoint("Files", "var text = await File.ReadAllTextAsync(\"a.txt\", cancellationToken); await pending; _ = text;")),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Ticker.cs", Endpoint("Ticker", "await Task.Delay(500, cancellationToken); var text = await pending; _ = text;")) } },
                },
            },
        };
        OtherProject.Configure(test.TestState, test.FixedState);

        await test.RunAsync(CancellationToken.None);
    }
}
