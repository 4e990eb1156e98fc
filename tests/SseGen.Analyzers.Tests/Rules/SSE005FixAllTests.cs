using System.Threading;
using System.Threading.Tasks;
using SseGen.Analyzers.Tests.Infrastructure;
using Xunit;
using Test = SseGen.Analyzers.Tests.Infrastructure.Verifier<
    SseGen.Generator.Analyzers.UnboundedBufferAnalyzer,
    SseGen.CodeFixes.UnboundedBufferCodeFixProvider>.Test;

namespace SseGen.Analyzers.Tests.Rules;

/// <summary>SSE005's Fix All across documents and projects (the harness runs it in document, project and solution scope).</summary>
public sealed class SSE005FixAllTests
{
    // The other project is not given the main project's nullable setting, hence the directive.
    private static string Endpoint(string name, string creation, string constant) => $$"""
        #nullable enable
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        using System.Threading.Channels;
        using SseGen;

        public static class {{name}}
        {
        {{constant}}    [SseEndpoint("/{{name.ToLowerInvariant()}}")]
            public static async IAsyncEnumerable<int> Stream(Ticker ticker, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var channel = {{creation}};
                ticker.Tick += (_, value) => channel.Writer.TryWrite(value);
                await foreach (var value in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    yield return value;
                }
            }
        }

        public sealed class {{name}}Ticker
        {
            public event EventHandler<int>? Tick;
            public void Raise(int value) => Tick?.Invoke(this, value);
        }
        """.Replace("Ticker ticker", name + "Ticker ticker", System.StringComparison.Ordinal);

    /// <summary>A file that names the channel type in full and has no <c>using System.Threading.Channels;</c>.</summary>
    private static string Qualified(string creation, string usingChannels, string constant) => $$"""
        using System;
        using System.Collections.Generic;
        using System.Runtime.CompilerServices;
        using System.Threading;
        {{usingChannels}}using SseGen;

        public static class Qualified
        {
        {{constant}}    [SseEndpoint("/qualified")]
            public static IAsyncEnumerable<int> Stream(QualifiedTicker ticker, CancellationToken cancellationToken)
            {
                var buffer = {{creation}};
                ticker.Tick += (_, value) => buffer.Writer.TryWrite(value);
                return buffer.Reader.ReadAllAsync(cancellationToken);
            }
        }

        public sealed class QualifiedTicker
        {
            public event EventHandler<int>? Tick;
            public void Raise(int value) => Tick?.Invoke(this, value);
        }
        """;

    private const string Unbounded = "{|SSE005:Channel.CreateUnbounded<int>()|}";
    private const string Bounded = "Channel.CreateBounded<int>(new BoundedChannelOptions(ChannelCapacity) { FullMode = BoundedChannelFullMode.DropOldest })";
    private const string Constant = "    private const int ChannelCapacity = 100;\n\n";

    [Fact]
    public async Task Fix_All_bounds_every_channel_in_every_document_of_every_project()
    {
        var test = new Test
        {
            TestState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", Unbounded, string.Empty)),
                    ("Qualified.cs", Qualified("{|SSE005:System.Threading.Channels.Channel.CreateUnbounded<int>()|}", string.Empty, string.Empty)),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Pulse.cs", Endpoint("Pulse", Unbounded, string.Empty)) } },
                },
            },
            FixedState =
            {
                Sources =
                {
                    ("Clock.cs", Endpoint("Clock", Bounded, Constant)),
                    ("Qualified.cs", Qualified(
                        "System.Threading.Channels.Channel.CreateBounded<int>(new BoundedChannelOptions(BufferCapacity) { FullMode = BoundedChannelFullMode.DropOldest })",
                        "using System.Threading.Channels;\n",
                        "    private const int BufferCapacity = 100;\n\n")),
                },
                AdditionalProjects =
                {
                    [OtherProject.Name] = { Sources = { ("Pulse.cs", Endpoint("Pulse", Bounded, Constant)) } },
                },
            },
        };
        OtherProject.Configure(test.TestState, test.FixedState);

        await test.RunAsync(CancellationToken.None);
    }
}
